import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  AssessmentDetail, AssessmentListQuery, AssessmentPage, AssessmentReport, ChamberAssessmentParams, ChamberFirmParams, ChamberParams,
  FirmProgress, Locale, scoreAssessment, type Answers, type AssessmentListItem,
} from '@pid/shared'
import type { Actor } from '../../core/auth/guard.ts'
import { firmAccess, visibleFirm } from '../crm/index.ts'
import { assessmentIn, assessmentScope, decodeCursor, encodeCursor, reviewed } from './access.ts'
import { buildReport, findReview } from './report.ts'
import { renderReportPdf } from './pdf.ts'
import { questionnaireById } from './questionnaires.ts'
import { planItems } from './review.service.ts'
import { firmProgress } from './analytics.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['assessment']
const read = guarded('assessment.read')

/** Staff (and related partners, and regional/national readers) read the chamber's assessments and reports. */
export default async function staffRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const access = (actor: Actor, chamberId: number) => firmAccess(app.db, actor, chamberId, 'assessment.read')

  app.get('/chambers/:chamberId/assessments', {
    schema: { tags, summary: "The chamber's assessments, newest first", params: ChamberParams, querystring: AssessmentListQuery,
      response: { 200: AssessmentPage, 400: problem, ...denied } },
    config: read,
  }, async (req) => {
    const acc = await access(req.actor!, req.params.chamberId)
    const limit = req.query.limit ?? 50
    let q = assessmentScope(app.db, app.crm, acc)(app.db.selectFrom('assessment as a'))
      .select(['a.id', 'a.firm_id', 'a.firm_name', 'a.status', 'a.round', 'a.overall', 'a.level', 'a.updated_at', 'a.submitted_at', reviewed.as('reviewed')])
    if (req.query.status) q = q.where('a.status', '=', req.query.status)
    if (req.query.level) q = q.where('a.level', '=', req.query.level)
    if (req.query.firmId) q = q.where('a.firm_id', '=', req.query.firmId)
    if (req.query.reviewed !== undefined) q = q.where(req.query.reviewed ? reviewed : (eb) => eb.not(reviewed))
    const after = decodeCursor(req.query.cursor)
    if (after) q = q.where('a.id', '<', after)
    const rows = await q.orderBy('a.id', 'desc').limit(limit + 1).execute()
    const items: AssessmentListItem[] = rows.slice(0, limit).map((r) => ({
      id: r.id, firmId: r.firm_id, firmName: r.firm_name, status: r.status as AssessmentListItem['status'], round: r.round, overall: r.overall,
      level: r.level, reviewed: r.reviewed, updatedAt: r.updated_at.toISOString(), submittedAt: r.submitted_at?.toISOString() ?? null,
    }))
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null }
  })

  app.get('/chambers/:chamberId/assessments/:assessmentId', {
    schema: { tags, summary: 'An assessment: answers, scores, review and plan', params: ChamberAssessmentParams,
      response: { 200: AssessmentDetail, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const a = await assessmentIn(app.db, app.crm, await access(req.actor!, req.params.chamberId), req.params.assessmentId)
    const q = await questionnaireById(app.db, a.questionnaire_id)
    const live = scoreAssessment(q.definition, a.answers as Answers)
    const [review, plan] = await Promise.all([findReview(app.db, a.id), planItems(app.db, app.crm, a.id)])
    return {
      id: a.id, firmId: a.firm_id, firmName: a.firm_name, status: a.status as AssessmentListItem['status'], round: a.round, overall: a.overall,
      level: a.level, reviewed: review !== null, updatedAt: a.updated_at.toISOString(), submittedAt: a.submitted_at?.toISOString() ?? null,
      questionnaire: { id: q.id, code: q.code, version: q.version, definition: q.definition },
      answers: a.answers as Answers,
      // A submitted assessment shows the scores it was submitted with; a draft its live preview.
      dimensions: live.dimensions.map((d) => ({ ...d, score: a.scores?.[d.key] ?? d.score })),
      review, plan,
    }
  })

  app.get('/chambers/:chamberId/assessments/:assessmentId/report', {
    schema: { tags, summary: 'The report of a submitted assessment', params: ChamberAssessmentParams,
      response: { 200: AssessmentReport, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    await assessmentIn(app.db, app.crm, await access(req.actor!, req.params.chamberId), req.params.assessmentId, { submitted: true })
    return buildReport(app.db, app.assessmentRecommenders, req.params.assessmentId)
  })

  app.get('/chambers/:chamberId/assessments/:assessmentId/report.pdf', {
    schema: { tags, summary: 'The report as a PDF', params: ChamberAssessmentParams,
      querystring: Type.Object({ lang: Type.Optional(Locale) }, { additionalProperties: false }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    await assessmentIn(app.db, app.crm, await access(req.actor!, req.params.chamberId), req.params.assessmentId, { submitted: true })
    const pdf = await renderReportPdf(await buildReport(app.db, app.assessmentRecommenders, req.params.assessmentId), req.query.lang ?? 'it')
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="autovalutazione-${req.params.assessmentId}.pdf"`).send(pdf)
  })

  app.get('/chambers/:chamberId/firms/:firmId/assessment-progress', {
    schema: { tags, summary: "A firm's assessments over time: T0 / T1 comparison per dimension", params: ChamberFirmParams,
      response: { 200: FirmProgress, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const acc = await access(req.actor!, req.params.chamberId)
    const firm = await visibleFirm(app.db, acc, req.params.firmId)
    return firmProgress(app.db, acc.chamberId, firm.id)
  })
}
