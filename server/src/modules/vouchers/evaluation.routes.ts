import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AdmissibilityView, ApplicationEvaluation, DecisionList, DecisionListExportQuery, ApplicationScores, CallEvaluation, EvaluationPage, EvaluationQuery, RecordAdmissibilityBody,
  RecordScoresBody, RevokeBody, VoucherApplicationParams, VoucherCallParams, VoucherDecisionBody,
} from '@pid/shared'
import type { Actor } from '../../core/auth/guard.ts'
import { auditContext } from '../../core/audit.ts'
import { firmAccess } from '../crm/index.ts'
import { type VoucherServices } from './context.ts'
import type { EvaluationServices } from './evaluation-context.ts'
import { decisionList, decisionListPdf, decisionListXlsx } from './decision-list.ts'
import { Type } from 'typebox'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

const tags = ['vouchers (evaluation)']
const read = guarded('vouchers.applications.read')
const evaluate = guarded('vouchers.evaluate')
const call = '/chambers/:chamberId/vouchers/calls/:callId'
const application = '/chambers/:chamberId/vouchers/applications/:applicationId'

/**
 * The evaluation of applications by the chamber's staff (leader, coordinators): admissibility
 * checklists, merit scores, the ranking or pro-rata proposal, decisions and revocations. Regional and
 * national roles read; partners read the evaluation of their related firms' applications only.
 */
export default async function evaluationRoutes(fastify: FastifyInstance, { s, e }: { s: VoucherServices; e: EvaluationServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  /** Staff of the chamber (and regional, national roles) see every application; a partner its related firms' only. */
  const visible = async (actor: Actor, chamberId: number, applicationId: number) =>
    s.applications.visible(app.db, await firmAccess(app.db, actor, chamberId, 'vouchers.applications.read'), applicationId)

  app.get(`${call}/evaluation`, {
    schema: { tags, summary: 'The evaluation of a call: checklists done, scores missing, whether the proposal can be computed, money', params: VoucherCallParams,
      response: { 200: CallEvaluation, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'vouchers.evaluation.read', scope: 'chamber' } },
  }, async (req) => e.evaluation.summary(req.params.chamberId, req.params.callId))

  app.get(`${call}/evaluation/rows`, {
    schema: { tags, summary: 'The evaluation board: applications in protocol order, or ranked (order=rank), a page at a time', params: VoucherCallParams,
      querystring: EvaluationQuery, response: { 200: EvaluationPage, 400: problem, ...denied, 404: problem } },
    config: { guard: { action: 'vouchers.evaluation.read', scope: 'chamber' } },
  }, async (req) => e.evaluation.rows(await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.evaluation.read'), req.params.callId, req.query))

  app.post(`${call}/evaluation/compute`, {
    schema: { tags, summary: 'Compute the ranking (funded in rank order) or the pro-rata shares, after the window; 409 lists what is missing',
      params: VoucherCallParams, response: { 200: CallEvaluation, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => e.evaluation.compute(req.params.chamberId, req.params.callId, auditContext(req)))

  app.get(`${call}/decision-list`, {
    schema: { tags, summary: "The list for the chamber's decision act: admitted and funded, admitted not funded, not admitted", params: VoucherCallParams,
      response: { 200: DecisionList, 400: problem, ...denied, 404: problem } },
    config: evaluate,
  }, async (req) => decisionList(app.db, req.params.chamberId, req.params.callId))

  app.get(`${call}/decision-list/export`, {
    schema: { tags, summary: 'The list for the decision act as PDF or XLSX', params: VoucherCallParams, querystring: DecisionListExportQuery,
      response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: evaluate,
  }, async (req, reply) => {
    const list = await decisionList(app.db, req.params.chamberId, req.params.callId)
    const name = `elenco-${list.call.code.replace(/[^A-Za-z0-9-]/g, '_')}`
    if (req.query.format === 'pdf') {
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await decisionListPdf(list))
    }
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await decisionListXlsx(list))
  })

  app.get(`${application}/evaluation`, {
    schema: { tags, summary: 'Where an application stands: checklist, merit, proposal, decision, payment, RNA codes', params: VoucherApplicationParams,
      response: { 200: ApplicationEvaluation, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => e.evaluation.ofApplication(app.db, (await visible(req.actor!, req.params.chamberId, req.params.applicationId)).id))

  app.get(`${application}/admissibility`, {
    schema: { tags, summary: 'The admissibility checklist: the checks that apply, what the system finds today, what was recorded', params: VoucherApplicationParams,
      response: { 200: AdmissibilityView, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => e.admissibility.view(req.params.chamberId, (await visible(req.actor!, req.params.chamberId, req.params.applicationId)).id))

  app.put(`${application}/admissibility`, {
    schema: { tags, summary: 'Record the checklist (pass or fail per check, a note for a fail or a different outcome than proposed)',
      params: VoucherApplicationParams, body: RecordAdmissibilityBody, response: { 200: AdmissibilityView, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => e.admissibility.record(req.params.chamberId, req.params.applicationId, req.body, auditContext(req)))

  app.get(`${application}/scores`, {
    schema: { tags, summary: "An application's merit scores (ranking calls)", params: VoucherApplicationParams,
      response: { 200: ApplicationScores, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => e.evaluation.scores(req.params.chamberId, (await visible(req.actor!, req.params.chamberId, req.params.applicationId)).id))

  app.put(`${application}/scores`, {
    schema: { tags, summary: 'Score an admissible application on the call\'s criteria (given again, a score replaces the first)', params: VoucherApplicationParams,
      body: RecordScoresBody, response: { 200: ApplicationScores, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => e.evaluation.recordScores(req.params.chamberId, req.params.applicationId, req.body, auditContext(req)))

  app.post(`${application}/decision`, {
    schema: { tags, summary: 'Decide: granted (amount, COR code; reduced only with a reason), not funded, or not admitted (reason); mails the firm',
      params: VoucherApplicationParams, body: VoucherDecisionBody, response: { 200: ApplicationEvaluation, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => {
    await e.decisions.decide(req.params.chamberId, req.params.applicationId, req.body, auditContext(req))
    return e.evaluation.ofApplication(app.db, req.params.applicationId)
  })

  app.post(`${application}/revoke`, {
    schema: { tags, summary: 'Revoke a grant with the reason: its money goes back to the call', params: VoucherApplicationParams, body: RevokeBody,
      response: { 200: ApplicationEvaluation, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => {
    await e.decisions.revoke(req.params.chamberId, req.params.applicationId, req.body.reason, auditContext(req))
    return e.evaluation.ofApplication(app.db, req.params.applicationId)
  })
}
