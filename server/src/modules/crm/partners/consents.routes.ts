import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CreateFirmPartnerConsentBody, FirmPartnerConsent, FirmPartnerConsentList, FirmPartnerConsentParams, PartnerFirmParams } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { ConsentsService } from './consents.service.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const write = guarded('crm.firms.write')

/** The firm's consents for partner organisations to see its record. */
export default async function consentsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const consents = new ConsentsService(app)

  app.get('/chambers/:chamberId/firms/:firmId/partner-consents', {
    schema: { tags, summary: "The firm's consents for partners to see its record", params: PartnerFirmParams,
      response: { 200: FirmPartnerConsentList, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.firms.read', scope: 'chamber' } },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.read')
    return { items: await consents.list(access, req.params.firmId) }
  })

  app.post('/chambers/:chamberId/firms/:firmId/partner-consents', {
    schema: { tags, summary: "Record the firm's consent for a partner to see its record (staff)", params: PartnerFirmParams,
      body: CreateFirmPartnerConsentBody, response: { 201: FirmPartnerConsent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.write')
    return reply.code(201).send(await consents.grant(access, req.params.firmId, req.body, auditContext(req)))
  })

  app.post('/chambers/:chamberId/firms/:firmId/partner-consents/:partnerId/withdraw', {
    schema: { tags, summary: "Record the withdrawal of the firm's consent for a partner (staff)", params: FirmPartnerConsentParams,
      response: { 200: FirmPartnerConsent, 400: problem, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.firms.write')
    return consents.withdraw(access, req.params.firmId, req.params.partnerId, auditContext(req))
  })
}
