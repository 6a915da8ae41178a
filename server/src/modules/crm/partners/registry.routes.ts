import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CreatePartnerBody, Partner, PartnerListQuery, PartnerPage, PartnerParams, UpdatePartnerBody } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { PartnerRegistry } from './registry.service.ts'
import { denied, problem } from '../../../core/route-kit.ts'

const tags = ['crm']

/** The network-wide registry of partner organisations. */
export default async function registryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const registry = new PartnerRegistry(app)

  app.get('/partners', {
    schema: { tags, summary: 'Partner organisations, by kind, competence or name, with the chambers they have agreements in force with',
      querystring: PartnerListQuery, response: { 200: PartnerPage, 400: problem, ...denied } },
    config: { guard: { action: 'crm.partners.read', scope: 'global' } },
  }, async (req) => registry.list(req.query))

  app.get('/partners/:partnerId', {
    schema: { tags, summary: 'A partner organisation', params: PartnerParams,
      response: { 200: Partner, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'crm.partners.read', scope: 'global' } },
  }, async (req) => registry.get(req.params.partnerId))

  app.post('/partners', {
    schema: { tags, summary: 'Register a partner organisation (409 if the name is taken)', body: CreatePartnerBody,
      response: { 201: Partner, 400: problem, ...denied, 409: problem } },
    config: { guard: { action: 'crm.partners.manage', scope: 'global' } },
  }, async (req, reply) => reply.code(201).send(await registry.create(req.body, auditContext(req))))

  app.patch('/partners/:partnerId', {
    schema: { tags, summary: 'Edit a partner organisation (network-wide record: platform administration)',
      params: PartnerParams, body: UpdatePartnerBody,
      response: { 200: Partner, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'crm.partners.manage', scope: 'network' } },
  }, async (req) => registry.update(req.params.partnerId, req.body, auditContext(req)))
}
