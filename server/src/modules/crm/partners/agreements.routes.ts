import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberParams, CreatePartnerAgreementBody, PartnerAgreement, PartnerAgreementList, PartnerAgreementParams,
  PartnerAgreementQuery, PartnerMember, PartnerMemberBody, PartnerMemberList, PartnerMemberParams, UpdatePartnerAgreementBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { AgreementsService } from './agreements.service.ts'
import { MembersService } from './members.service.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'

const tags = ['crm']
const manage = guarded('crm.partners.manage')

/** A chamber's agreements with partners, and which organisation each of its partner users acts for. */
export default async function agreementsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const agreements = new AgreementsService(app)
  const members = new MembersService(app)

  app.get('/chambers/:chamberId/partner-agreements', {
    schema: { tags, summary: "The chamber's agreements (convenzioni) with partners", params: ChamberParams,
      querystring: PartnerAgreementQuery, response: { 200: PartnerAgreementList, 400: problem, ...denied } },
    config: { guard: { action: 'crm.partners.read', scope: 'chamber' } },
  }, async (req) => ({ items: await agreements.list(req.params.chamberId, req.query) }))

  app.post('/chambers/:chamberId/partner-agreements', {
    schema: { tags, summary: 'Record an agreement with a partner', params: ChamberParams, body: CreatePartnerAgreementBody,
      response: { 201: PartnerAgreement, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await agreements.create(req.params.chamberId, req.body, auditContext(req))))

  app.patch('/chambers/:chamberId/partner-agreements/:agreementId', {
    schema: { tags, summary: 'Amend an agreement, e.g. end it (validTo)', params: PartnerAgreementParams,
      body: UpdatePartnerAgreementBody, response: { 200: PartnerAgreement, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => agreements.update(req.params.chamberId, req.params.agreementId, req.body, auditContext(req)))

  app.get('/chambers/:chamberId/partner-members', {
    schema: { tags, summary: "The chamber's partner users and the organisation each acts for", params: ChamberParams,
      response: { 200: PartnerMemberList, 400: problem, ...denied } },
    config: manage,
  }, async (req) => ({ items: await members.list(req.params.chamberId) }))

  app.put('/chambers/:chamberId/partner-members/:userId', {
    schema: { tags, summary: 'Link a partner user of the chamber to an organisation with an agreement with the chamber',
      params: PartnerMemberParams, body: PartnerMemberBody,
      response: { 200: PartnerMember, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => members.link(req.params.chamberId, req.params.userId, req.body.partnerId, auditContext(req)))

  app.delete('/chambers/:chamberId/partner-members/:userId', {
    schema: { tags, summary: 'Unlink a partner user from its organisation', params: PartnerMemberParams,
      response: { 204: { type: 'null' }, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req, reply) => {
    await members.unlink(req.params.chamberId, req.params.userId, auditContext(req))
    return reply.code(204).send(null)
  })
}
