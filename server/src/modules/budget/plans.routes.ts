import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ChamberParams, EmptyBody, ImportBody, LineInput, LineParams, LinePatch, Plan, PlanBody, PlanCheck, PlanParams, PlanSummaryList,
} from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { listPlans, loadPlan } from './plans.queries.ts'
import { PlansService } from './plans.service.ts'
import { planCsv, planXlsx } from './plan-file.ts'
import { guarded, problem } from '../../core/route-kit.ts'

const tags = ['budget']
const denied = { 400: problem, 401: problem, 403: problem }
const read = guarded('budget.read')
const write = guarded('budget.write')
const approve = guarded('budget.approve')
const ExportQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }, { additionalProperties: false })
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** A chamber's plans: create (typed or from a file), read, edit drivers and lines, the leader's decisions, export. */
export default async function planRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new PlansService(app)
  const base = '/chambers/:chamberId/budget/plans'

  app.get(base, {
    schema: { tags, summary: "The chamber's plans, one per year", params: ChamberParams, response: { 200: PlanSummaryList, ...denied } },
    config: read,
  }, async (req) => ({ items: await listPlans(app.db, req.params.chamberId) }))

  app.post(base, {
    schema: { tags, summary: 'Create a year plan; stated totals and shares that disagree with the lines are refused (422) with each difference',
      params: ChamberParams, body: PlanBody, response: { 201: Plan, ...denied, 409: problem, 422: problem } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await service.create(req.params.chamberId, req.body, auditContext(req))))

  app.post(`${base}/check`, {
    schema: { tags, summary: 'Check a plan without storing it: differences with its stated figures, rules it breaks',
      params: ChamberParams, body: PlanBody, response: { 200: PlanCheck, ...denied } },
    config: write,
  }, async (req) => service.check(req.params.chamberId, req.body))

  app.post(`${base}/import`, {
    schema: { tags, summary: "Create a year plan from a CSV or XLSX file in the export's layout; figures that disagree are refused (422)",
      params: ChamberParams, body: ImportBody, response: { 201: Plan, ...denied, 409: problem, 422: problem } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await service.importFile(req.params.chamberId, req.body, auditContext(req))))

  app.post(`${base}/import/check`, {
    schema: { tags, summary: 'Check a plan file without storing it: differences and rules',
      params: ChamberParams, body: ImportBody, response: { 200: PlanCheck, ...denied } },
    config: write,
  }, async (req) => service.checkFile(req.params.chamberId, req.body))

  app.get(`${base}/:year`, {
    schema: { tags, summary: 'A year plan: lines with drivers, amounts, shares, execution figures and rule violations',
      params: PlanParams, response: { 200: Plan, ...denied, 404: problem } },
    config: read,
  }, async (req) => loadPlan(app.db, req.params.chamberId, req.params.year))

  app.post(`${base}/:year/lines`, {
    schema: { tags, summary: 'Add a line to the plan', params: PlanParams, body: LineInput, response: { 201: Plan, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await service.addLine(req.params.chamberId, req.params.year, req.body, auditContext(req))))

  app.patch(`${base}/:year/lines/:lineId`, {
    schema: { tags, summary: "Edit a line's drivers (its amount follows), label, nature or start-up flag",
      params: LineParams, body: LinePatch, response: { 200: Plan, ...denied, 404: problem, 409: problem } },
    config: write,
  }, async (req) => service.updateLine(req.params.chamberId, req.params.year, req.params.lineId, req.body, auditContext(req)))

  app.put(`${base}/:year/total`, {
    schema: { tags, summary: "The leader accepts the plan's current total as the grand total to keep",
      params: PlanParams, body: EmptyBody, response: { 200: Plan, ...denied, 404: problem } },
    config: approve,
  }, async (req) => service.acceptTotal(req.params.chamberId, req.params.year, auditContext(req)))

  app.post(`${base}/:year/rollover`, {
    schema: { tags, summary: "Open next year's plan: a copy of this one, with the start-up lines' savings moved to vouchers",
      params: PlanParams, body: EmptyBody,
      response: { 201: Type.Object({ plan: Plan, movedToVouchersCents: Type.Integer() }), ...denied, 404: problem, 409: problem } },
    config: approve,
  }, async (req, reply) => reply.code(201).send(await service.rollover(req.params.chamberId, req.params.year, auditContext(req))))

  app.get(`${base}/:year/export`, {
    schema: { tags, summary: 'Download the plan as CSV or XLSX (the layout import reads back)', params: PlanParams, querystring: ExportQuery,
      response: { 200: Type.String({ description: 'the file, as an attachment' }), ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const format = req.query.format ?? 'csv'
    const plan = await loadPlan(app.db, req.params.chamberId, req.params.year)
    const body = format === 'csv' ? planCsv(plan) : await planXlsx(plan)
    return reply.header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="piano-${plan.chamber.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${plan.year}.${format}"`)
      .send(body)
  })
}
