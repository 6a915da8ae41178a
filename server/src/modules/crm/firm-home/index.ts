import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CloseHelpRequestBody, CONSENT_PURPOSES, type ConsentPurpose, CreateHelpRequestBody, FIRM_HOME_CONSENT_TEXT_VERSION, FirmConsentParams, FirmHelpRequestList,
  FirmOwnContact, FirmOwnContactList, FirmOwnProfile, HelpRequest, HelpRequestPage, HelpRequestParams, HelpRequestQuery, StaffHelpRequest,
} from '@pid/shared'
import { Type } from 'typebox'
import { auditContext, type AuditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import type { DbOrTx } from '../../../db/database.ts'
import { firmAccess } from '../access.ts'
import { createHelpRequest, firmHelpRequests, moveHelpRequest, registerHelpRequestWork, staffHelpRequests } from './help-requests.ts'

const firmTags = ['crm (firm)']
const staffTags = ['crm']
const handle = guarded('crm.help_requests')

/** Who acts on a firm route: the signed-in firm account when there is one (a personal link has no user). */
/** The purposes as the timeline names them (staff read Italian). */
const PURPOSE_NAMES: Record<ConsentPurpose, string> = { service: 'Servizio', newsletter: 'Newsletter', events: 'Eventi', profiling: 'Profilazione', partner_sharing: 'Condivisione con i partner' }

const firmContext = (req: FastifyRequest): AuditContext => ({ ...auditContext(req), actorId: req.firm!.accountUserId })

/** The firm's people (not erased), each with the latest state of its consent for every purpose: two queries. */
async function ownContacts(db: DbOrTx, firmId: number, contactId?: number): Promise<FirmOwnContact[]> {
  const people = await db.selectFrom('contact').select(['id', 'first_name', 'last_name', 'job_title', 'email'])
    .where('firm_id', '=', firmId).where('erased_at', 'is', null).$if(contactId !== undefined, (q) => q.where('id', '=', contactId!))
    .orderBy('last_name').orderBy('first_name').orderBy('id').limit(100).execute()
  if (people.length === 0) return []
  const consents = await db.selectFrom('consent').select(['contact_id', 'purpose', 'granted_at', 'withdrawn_at'])
    .where('contact_id', 'in', people.map((p) => p.id)).orderBy('granted_at').orderBy('id').execute()
  return people.map((p) => ({
    id: p.id, name: [p.first_name, p.last_name].filter(Boolean).join(' '), jobTitle: p.job_title, email: p.email,
    consents: CONSENT_PURPOSES.map((purpose) => {
      const mine = consents.filter((c) => c.contact_id === p.id && c.purpose === purpose)
      const latest = mine.find((c) => c.withdrawn_at === null) ?? mine[mine.length - 1]
      if (!latest) return { purpose, granted: false, at: null }
      return { purpose, granted: latest.withdrawn_at === null, at: (latest.withdrawn_at ?? latest.granted_at).toISOString() }
    }),
  }))
}

/**
 * The firm's home, CRM side: its register card and stage (any firm session), its people and their
 * consents (purpose 'profile': account sessions and links that name it), its requests for help (any
 * firm session: the offer to talk with the PID is on every firm page). Staff take and close the
 * requests (`crm.help_requests`), which wait for them in the work queue.
 */
export default async function firmHomeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  registerHelpRequestWork(app.work)

  app.get('/firm/profile', {
    schema: { tags: firmTags, summary: "The firm's register card and its stage on the awareness path", response: { 200: FirmOwnProfile, ...denied, 404: problem } },
    config: { guard: { firm: 'any' } },
  }, async (req) => {
    const f = await app.db.selectFrom('firm as f').innerJoin('chamber as c', 'c.id', 'f.chamber_id')
      .leftJoin('municipality as m', 'm.istat_code', 'f.municipality_code')
      .select(['f.id', 'f.name', 'f.tax_code', 'f.vat_number', 'f.rea_province', 'f.rea_number', 'f.legal_form', 'f.ateco_code', 'f.address',
        'f.postal_code', 'f.province_code', 'f.pec', 'f.website', 'f.stage', 'f.stage_changed_at', 'm.name as town', 'c.id as chamber_id', 'c.name as chamber_name'])
      .where('f.id', '=', req.firm!.firmId).executeTakeFirst()
    if (!f) throw notFound('firm')
    return {
      id: f.id, name: f.name, taxCode: f.tax_code, vatNumber: f.vat_number, rea: f.rea_province && f.rea_number ? `${f.rea_province}-${f.rea_number}` : null,
      legalForm: f.legal_form, atecoCode: f.ateco_code, address: f.address, postalCode: f.postal_code, town: f.town, provinceCode: f.province_code,
      pec: f.pec, website: f.website, stage: f.stage, stageChangedAt: f.stage_changed_at?.toISOString() ?? null,
      chamber: { id: f.chamber_id, name: f.chamber_name },
    }
  })

  app.get('/firm/contacts', {
    schema: { tags: firmTags, summary: "The firm's people and the state of their consents, per purpose", response: { 200: FirmOwnContactList, ...denied } },
    config: { guard: { firm: 'profile' } },
  }, async (req) => ({ items: await ownContacts(app.db, req.firm!.firmId) }))

  app.put('/firm/contacts/:contactId/consents/:purpose', {
    schema: { tags: firmTags, summary: 'Give or withdraw a person\'s consent for a purpose (idempotent; audited)', params: FirmConsentParams,
      body: Type.Object({ granted: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: FirmOwnContact, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { firm: 'profile' } },
  }, async (req) => {
    const firmId = req.firm!.firmId
    const ctx = firmContext(req)
    return app.db.transaction().execute(async (tx) => {
      const own = await tx.selectFrom('contact').select('id').where('id', '=', req.params.contactId).where('firm_id', '=', firmId)
        .where('erased_at', 'is', null).executeTakeFirst()
      if (!own) throw notFound('contact')
      const { changed } = await app.crm.setConsent(tx, ctx, { contactId: own.id, purpose: req.params.purpose, granted: req.body.granted,
        source: req.firm!.accountUserId ? 'firm_home_account' : 'firm_home_link', textVersion: FIRM_HOME_CONSENT_TEXT_VERSION })
      // Staff read it where they read everything about the firm: on its timeline.
      if (changed) {
        await app.crm.recordEvent(tx, ctx, { firmId, contactId: own.id, type: 'note', sourceModule: 'firm-home',
          summary: `Consenso «${PURPOSE_NAMES[req.params.purpose]}» ${req.body.granted ? 'dato' : 'revocato'} dall'impresa nella sua area`,
          details: { purpose: req.params.purpose, granted: req.body.granted } })
      }
      return (await ownContacts(tx, firmId, own.id))[0]!
    })
  })

  app.get('/firm/help-requests', {
    schema: { tags: firmTags, summary: "The firm's requests for help and where each stands, newest first", response: { 200: FirmHelpRequestList, ...denied } },
    config: { guard: { firm: 'any' } },
  }, async (req) => ({ items: await firmHelpRequests(app.db, req.firm!.firmId) }))

  app.post('/firm/help-requests', {
    schema: { tags: firmTags, summary: 'The firm asks the PID for help: lands on its timeline and in the staff\'s work queue', body: CreateHelpRequestBody,
      response: { 201: HelpRequest, 400: problem, ...denied, 429: problem } },
    config: { guard: { firm: 'any' }, rateLimit: { max: 10, timeWindow: '1 hour' } },
  }, async (req, reply) => reply.code(201).send(await createHelpRequest(app.db, req.firm!, req.body, firmContext(req))))

  app.get('/chambers/:chamberId/help-requests', {
    schema: { tags: staffTags, summary: "The firms' requests for help: not closed (oldest first) or one status", params: Type.Object({ chamberId: HelpRequestParams.properties.chamberId }, { additionalProperties: false }),
      querystring: HelpRequestQuery, response: { 200: HelpRequestPage, 400: problem, ...denied } },
    config: handle,
  }, async (req) => {
    await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.help_requests')
    return staffHelpRequests(app.db, req.params.chamberId, { status: req.query.status, cursor: req.query.cursor, limit: req.query.limit ?? 50 })
  })

  app.post('/chambers/:chamberId/help-requests/:requestId/take', {
    schema: { tags: staffTags, summary: 'Take an open request (409 when someone already did)', params: HelpRequestParams,
      response: { 200: StaffHelpRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: handle,
  }, async (req) => moveHelpRequest(app.db, req.params.chamberId, req.params.requestId, 'taken', auditContext(req)))

  app.post('/chambers/:chamberId/help-requests/:requestId/close', {
    schema: { tags: staffTags, summary: 'Close a request with its outcome (the firm reads it on its home)', params: HelpRequestParams, body: CloseHelpRequestBody,
      response: { 200: StaffHelpRequest, 400: problem, ...denied, 404: problem, 409: problem } },
    config: handle,
  }, async (req) => moveHelpRequest(app.db, req.params.chamberId, req.params.requestId, 'closed', auditContext(req), req.body.outcome))
}
