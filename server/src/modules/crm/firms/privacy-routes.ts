import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ChamberParams, Contact, ContactParams, CrmSettings, EraseContactBody, PersonalDataExport } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { firmAccess } from '../access.ts'
import { PrivacyService } from './privacy.service.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const guard = { action: 'crm.privacy', scope: 'chamber' } as const

/** GDPR: a person's data on request, erasure, and the chamber's retention period (digital leader). */
export default async function privacyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new PrivacyService(app)

  app.get('/chambers/:chamberId/contacts/:contactId/personal-data', {
    schema: { tags, summary: 'Everything held about a person, as a JSON file (right of access; audited)',
      params: ContactParams, response: { 200: PersonalDataExport, 400: problem, ...denied, 404: problem } },
    config: { guard },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.privacy')
    const data = await service.personalData(access, req.params.contactId, auditContext(req))
    return reply.header('content-disposition', `attachment; filename="dati-personali-contatto-${req.params.contactId}.json"`).send(data)
  })

  app.post('/chambers/:chamberId/contacts/:contactId/erase', {
    schema: { tags, summary: "Erase a person's data (right to erasure); the anonymous record stays",
      params: ContactParams, body: EraseContactBody, response: { 200: Contact, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard },
  }, async (req) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'crm.privacy')
    return service.erase(access, req.params.contactId, req.body.reason, auditContext(req))
  })

  app.get('/chambers/:chamberId/crm/settings', {
    schema: { tags, summary: "The chamber's CRM settings (retention of contacts)",
      params: ChamberParams, response: { 200: CrmSettings, 400: problem, ...denied } },
    config: { guard },
  }, async (req) => service.settings(req.params.chamberId))

  app.put('/chambers/:chamberId/crm/settings', {
    schema: { tags, summary: "Set the chamber's CRM settings: contacts idle for longer than the retention are erased",
      params: ChamberParams, body: CrmSettings, response: { 200: CrmSettings, 400: problem, ...denied, 404: problem } },
    config: { guard },
  }, async (req) => service.updateSettings(req.params.chamberId, req.body, auditContext(req)))
}
