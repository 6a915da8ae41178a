import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  Consent, ConsentParams, Contact, ContactList, ContactParams, CreateContactBody, FirmParams, GrantConsentBody, PageQuery, UpdateContactBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { ContactsService } from './contacts.service.ts'
import { denied, problem } from '../../../core/route-kit.ts'
import { ifMatch, sendVersioned } from '../../../core/etag.ts'

const tags = ['crm']
const read = { action: 'crm.contacts.read', scope: 'chamber' } as const
const write = { action: 'crm.contacts.write', scope: 'chamber' } as const

/** The people of a firm and their consents per purpose. */
export default async function contactRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new ContactsService(app)

  app.get('/chambers/:chamberId/firms/:firmId/contacts', {
    schema: { tags, summary: "A firm's contacts with their consents, erased ones last, then by name (keyset pages; the view is audited: personal data)",
      params: FirmParams, querystring: PageQuery, response: { 200: ContactList, 400: problem, ...denied, 404: problem } },
    config: { guard: read },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.read')
    return service.list(access, req.params.firmId, { cursor: req.query.cursor, limit: req.query.limit ?? 50 }, auditContext(req))
  })

  app.post('/chambers/:chamberId/firms/:firmId/contacts', {
    schema: { tags, summary: 'Add a person to a firm',
      params: FirmParams, body: CreateContactBody, response: { 201: Contact, 400: problem, ...denied, 404: problem } },
    config: { guard: write },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.write')
    return reply.code(201).send(await service.create(access, req.params.firmId, req.body, auditContext(req)))
  })

  app.get('/chambers/:chamberId/contacts/:contactId', {
    schema: { tags, summary: 'A person of a firm, with consents and ETag (the view is audited: personal data)',
      params: ContactParams, response: { 200: Contact, 400: problem, ...denied, 404: problem } },
    config: { guard: read, etag: true },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.read')
    return sendVersioned(reply, await service.get(access, req.params.contactId, auditContext(req)))
  })

  app.patch('/chambers/:chamberId/contacts/:contactId', {
    schema: { tags, summary: "Change a person's details (not once erased)",
      params: ContactParams, body: UpdateContactBody, response: { 200: Contact, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: write, etag: true },
  }, async (req, reply) => {
    const expected = ifMatch(req)
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.write')
    return sendVersioned(reply, await service.update(access, req.params.contactId, req.body, auditContext(req), expected))
  })

  app.post('/chambers/:chamberId/contacts/:contactId/consents', {
    schema: { tags, summary: 'Record a consent for one purpose (one active consent per purpose)',
      params: ContactParams, body: GrantConsentBody, response: { 201: Consent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: write },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.write')
    return reply.code(201).send(await service.grantConsent(access, req.params.contactId, req.body, auditContext(req)))
  })

  app.post('/chambers/:chamberId/contacts/:contactId/consents/:consentId/withdraw', {
    schema: { tags, summary: 'Record the withdrawal of a consent',
      params: ConsentParams, response: { 200: Consent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: write },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.contacts.write')
    return service.withdrawConsent(access, req.params.contactId, req.params.consentId, auditContext(req))
  })
}
