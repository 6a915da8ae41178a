import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Execution, ExecutionQuery, Ok, PlanParams, PostingBody, PostingList, StaffCostBody } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { execution, lastDayOfMonth, listPostings } from './execution.ts'
import { findPlanRow } from './plans.queries.ts'
import { guarded, problem } from '../../core/route-kit.ts'

const tags = ['budget']
const denied = { 400: problem, 401: problem, 403: problem }
const read = guarded('budget.read')
const spend = guarded('budget.spend')

/** Execution of a plan: figures, burn and forecast, the ledger, and postings by hand (staff costs, expenses). */
export default async function executionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const base = '/chambers/:chamberId/budget/plans/:year'

  app.get(`${base}/execution`, {
    schema: { tags, summary: 'Plan against actual month by month (burn chart) and the year-end forecast',
      params: PlanParams, querystring: ExecutionQuery, response: { 200: Execution, ...denied, 404: problem } },
    config: read,
  }, async (req) => execution(app.db, req.params.chamberId, req.params.year, req.query.asOf))

  app.get(`${base}/postings`, {
    schema: { tags, summary: 'Commitments, releases and spending on the plan, latest first', params: PlanParams,
      response: { 200: PostingList, ...denied, 404: problem } },
    config: read,
  }, async (req) => ({ items: await listPostings(app.db, req.params.chamberId, req.params.year) }))

  app.post(`${base}/postings`, {
    schema: { tags, summary: 'Commit, release or spend by hand on a line (through the budget service, like the other modules)',
      params: PlanParams, body: PostingBody, response: { 201: Ok, ...denied, 404: problem, 409: problem } },
    config: spend,
  }, async (req, reply) => {
    const { chamberId, year } = req.params
    const b = req.body
    await findPlanRow(app.db, chamberId, year)
    const p = { chamberId, year, category: b.category, amountCents: b.amountCents, source: { module: 'manual', ref: b.ref }, description: b.description, bookedOn: b.bookedOn }
    await app.db.transaction().execute(async (tx) => {
      if (b.kind === 'commit') await app.budget.commit(tx, auditContext(req), p)
      else if (b.kind === 'release') await app.budget.release(tx, auditContext(req), p)
      else await app.budget.spend(tx, auditContext(req), { ...p, fromCommitment: b.fromCommitment ?? false })
    })
    return reply.code(201).send({ ok: true })
  })

  app.post(`${base}/staff-costs`, {
    schema: { tags, summary: "A month's staff costs, entered by hand (once per month and line)",
      params: PlanParams, body: StaffCostBody, response: { 201: Ok, ...denied, 404: problem, 409: problem } },
    config: spend,
  }, async (req, reply) => {
    const { chamberId, year } = req.params
    const { month, amountCents, category = 'staff', description } = req.body
    await findPlanRow(app.db, chamberId, year)
    const mm = String(month).padStart(2, '0')
    await app.budget.spend(app.db, auditContext(req), {
      chamberId, year, category, amountCents, fromCommitment: false, source: { module: 'budget', ref: `staff:${year}-${mm}` },
      description: description ?? `Costo del personale ${mm}/${year}`, bookedOn: lastDayOfMonth(year, month),
    })
    return reply.code(201).send({ ok: true })
  })
}
