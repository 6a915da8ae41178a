import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CreatedFirmLink, CreateFirmLinkBody, FIRM_LINK_DEFAULT_DAYS, FirmLink, FirmLinkItemParams, FirmLinkList, FirmLinkParams,
  FirmMe, FirmSession, FirmSessionBody, PageQuery,
} from '@pid/shared'
import { audit, auditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import { firmAccess, visibleFirm } from '../crm/index.ts'
import {
  FIRM_SESSION_TTL_SECONDS, findFirmLink, insertFirmLink, listFirmLinks, signFirmSession, useFirmLink,
} from '../../core/auth/firm-access.ts'
import { sql } from 'kysely'
import { guarded, problem } from '../../core/route-kit.ts'
import { firmAccountRoutes } from './accounts.routes.ts'
import { mergeFirmAccounts } from './accounts.ts'

const tags = ['firm-access']
const manage = guarded('firm_access.manage')
const PURPOSE_LABEL: Record<string, string> = { assessment: "l'autovalutazione digitale", vouchers: 'le domande di voucher' }

/**
 * Personal links for firms (see core/auth/firm-access.ts). Staff of the chamber, or a partner user
 * for a firm its organisation is related to, create, list and revoke them; the firm exchanges one
 * for a session at POST /firm-access/session. A firm_user account linked to the firm opens the same
 * session from its home (accounts.routes.ts).
 */
export default async function firmAccessModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  await app.register(firmAccountRoutes)
  app.crm.onFirmMerged('firm-access', mergeFirmAccounts)
  const linkUrl = (token: string) => `${app.config.publicUrl}/impresa/accesso?token=${encodeURIComponent(token)}`

  app.post('/chambers/:chamberId/firms/:firmId/access-links', {
    schema: { tags, summary: "Create a personal link for the firm (optionally mailed to one of its contacts); the token is shown once",
      params: FirmLinkParams, body: CreateFirmLinkBody,
      response: { 201: CreatedFirmLink, 400: problem, 401: problem, 403: problem, 404: problem } },
    config: manage,
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const ctx = auditContext(req)
    const result = await app.db.transaction().execute(async (tx) => {
      const firm = await visibleFirm(tx, access, req.params.firmId)
      const contact = req.body.contactId === undefined ? null : await app.crm.contactForMail(tx, firm.id, req.body.contactId)
      if (req.body.contactId !== undefined && !contact) {
        throw badRequest('the contact is not a person of this firm with an email address', [{ path: '/contactId', message: 'no email address for this contact of the firm' }])
      }
      const days = req.body.validDays ?? FIRM_LINK_DEFAULT_DAYS
      const { id, token } = await insertFirmLink(tx, { firmId: firm.id, chamberId: firm.chamberId, purposes: req.body.purposes,
        validDays: days, createdBy: ctx.actorId })
      const link = (await findFirmLink(tx, firm.id, id))!
      if (contact) {
        const what = req.body.purposes.map((p) => PURPOSE_LABEL[p] ?? p).join(' e ')
        await app.mailer.queue(tx, {
          chamberId: firm.chamberId, to: contact.email,
          subject: `Il tuo accesso personale al Punto Impresa Digitale - ${firm.name}`,
          text: `Gentile ${contact.name || 'referente'},\n\nper ${what} di ${firm.name} usi questo link personale, valido ${days} giorni:\n\n${linkUrl(token)}\n\nNon inoltrarlo: dà accesso ai dati della sua impresa.\n\nPunto Impresa Digitale`,
        })
      }
      await app.crm.recordEvent(tx, ctx, { firmId: firm.id, type: 'email', sourceModule: 'firm-access',
        summary: contact ? `Link personale inviato a ${contact.email}` : 'Link personale creato',
        ...(req.body.contactId !== undefined ? { contactId: req.body.contactId } : {}),
        details: { linkId: id, purposes: req.body.purposes, validDays: days } })
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'firm_access.link_created', entity: 'firm_access_link', entityId: id,
        after: { firmId: firm.id, purposes: req.body.purposes, validDays: days, mailedTo: contact?.email ?? null } })
      return { ...link, token, url: linkUrl(token), mailedTo: contact?.email ?? null }
    })
    return reply.code(201).send(result)
  })

  app.get('/chambers/:chamberId/firms/:firmId/access-links', {
    schema: { tags, summary: "The firm's personal links (without tokens), newest first (keyset pages: `cursor`, `limit`)", params: FirmLinkParams,
      querystring: PageQuery, response: { 200: FirmLinkList, 400: problem, 401: problem, 403: problem, 404: problem } },
    config: manage,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const firm = await visibleFirm(app.db, access, req.params.firmId)
    return listFirmLinks(app.db, firm.id, { cursor: req.query.cursor, limit: req.query.limit ?? 50 })
  })

  app.post('/chambers/:chamberId/firms/:firmId/access-links/:linkId/revoke', {
    schema: { tags, summary: 'Revoke a link: its sessions stop working at once', params: FirmLinkItemParams,
      response: { 200: FirmLink, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'firm_access.manage')
    const ctx = auditContext(req)
    return app.db.transaction().execute(async (tx) => {
      const firm = await visibleFirm(tx, access, req.params.firmId)
      const done = await tx.updateTable('firm_access_link').set({ revoked_at: sql`now()` })
        .where('id', '=', req.params.linkId).where('firm_id', '=', firm.id).where('revoked_at', 'is', null)
        .returning('id').executeTakeFirst()
      if (!done) {
        if (await findFirmLink(tx, firm.id, req.params.linkId)) throw conflict('the link has already been revoked')
        throw notFound('link')
      }
      await audit(tx, ctx, { chamberId: firm.chamberId, action: 'firm_access.link_revoked', entity: 'firm_access_link', entityId: done.id })
      return (await findFirmLink(tx, firm.id, done.id))!
    })
  })

  app.get('/firm-access/me', {
    schema: { tags, summary: 'The firm a firm session acts for, and what its link opens', response: { 200: FirmMe, 401: problem } },
    config: { guard: { firm: 'any' } },
  }, async (req) => {
    const firm = await app.crm.firmProfile(app.db, req.firm!.firmId)
    if (!firm) throw new HttpError(401, 'unauthorized', 'this link is no longer valid')
    return { firm: { id: firm.id, name: firm.name, chamberId: firm.chamberId }, purposes: req.firm!.purposes }
  })

  app.post('/firm-access/session', {
    schema: { tags, summary: "Exchange a firm's personal link token for a short-lived firm session (public)",
      body: FirmSessionBody, response: { 200: FirmSession, 400: problem, 401: problem, 429: problem } },
    config: { guard: 'public', rateLimit: { max: app.config.loginRateLimitMax * 3, timeWindow: '1 minute' } },
  }, async (req) => {
    return app.db.transaction().execute(async (tx) => {
      const link = await useFirmLink(tx, req.body.token)
      if (!link) throw new HttpError(401, 'unauthorized', 'this link is not valid, has expired or has been revoked: ask the Punto Impresa Digitale for a new one')
      const firm = await app.crm.firmProfile(tx, link.firmId)
      if (!firm) throw new HttpError(401, 'unauthorized', 'this link is no longer valid: ask the Punto Impresa Digitale for a new one')
      await audit(tx, { actorId: null, requestId: String(req.id), ip: req.ip }, {
        chamberId: link.chamberId, action: 'firm_access.session_opened', entity: 'firm_access_link', entityId: link.id })
      return {
        accessToken: signFirmSession(app, link), expiresIn: FIRM_SESSION_TTL_SECONDS,
        firm: { id: firm.id, name: firm.name, chamberId: firm.chamberId }, purposes: link.purposes,
      }
    })
  })
}
