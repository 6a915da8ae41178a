import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DecisionBody, PlanParams, Reallocation, ReallocationBody, ReallocationList, ReallocationParams } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { ReallocationsService } from './reallocations.service.ts'
import { problem } from '../../core/route-kit.ts'

const tags = ['budget']
const denied = { 400: problem, 401: problem, 403: problem }

/** Reallocations between a plan's lines: the coordinator proposes, the digital leader approves or rejects. */
export default async function reallocationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new ReallocationsService(app)
  const base = '/chambers/:chamberId/budget/plans/:year/reallocations'

  app.get(base, {
    schema: { tags, summary: "The plan's reallocations; a proposal lists the rules it would break if approved now",
      params: PlanParams, response: { 200: ReallocationList, ...denied, 404: problem } },
    config: { guard: { action: 'budget.read', scope: 'chamber' } },
  }, async (req) => ({ items: await service.list(req.params.chamberId, req.params.year) }))

  app.post(base, {
    schema: { tags, summary: 'Propose moving an amount from one line to another, with a reason',
      params: PlanParams, body: ReallocationBody, response: { 201: Reallocation, ...denied, 404: problem } },
    config: { guard: { action: 'budget.write', scope: 'chamber' } },
  }, async (req, reply) => reply.code(201).send(await service.propose(req.params.chamberId, req.params.year, req.body, auditContext(req))))

  app.post(`${base}/:reallocationId/approve`, {
    schema: { tags, summary: 'Approve and apply a reallocation (422 with the rules it would break; 409 if the money is committed)',
      params: ReallocationParams, body: DecisionBody, response: { 200: Reallocation, ...denied, 404: problem, 409: problem, 422: problem } },
    config: { guard: { action: 'budget.approve', scope: 'chamber' } },
  }, async (req) => service.approve(req.params.chamberId, req.params.year, req.params.reallocationId, req.body.note, auditContext(req)))

  app.post(`${base}/:reallocationId/reject`, {
    schema: { tags, summary: 'Reject a proposed reallocation', params: ReallocationParams, body: DecisionBody,
      response: { 200: Reallocation, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'budget.approve', scope: 'chamber' } },
  }, async (req) => service.reject(req.params.chamberId, req.params.year, req.params.reallocationId, req.body.note, auditContext(req)))
}
