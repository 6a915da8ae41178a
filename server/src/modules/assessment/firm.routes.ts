import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AssessmentReport, FirmAssessment, FirmPlan, type FirmPlanItem, FirmAssessmentParams, FirmAssessmentState, Locale, SaveAnswersBody } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { notFound } from '../../core/errors.ts'
import { FirmFormService } from './firm-form.service.ts'
import { buildReport } from './report.ts'
import { renderReportPdf } from './pdf.ts'
import { denied, problem } from '../../core/route-kit.ts'

const tags = ['assessment (firm)']
const firmGuard = { guard: { firm: 'assessment' } } as const

/** The firm's own pages, reached with a firm session from its personal link. */
export default async function firmRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const form = new FirmFormService(app)

  app.get('/firm/assessment', {
    schema: { tags, summary: "The firm's questionnaire, its open draft (to resume on any device) and its submitted assessments",
      response: { 200: FirmAssessmentState, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => form.state(req.firm!))

  app.post('/firm/assessments', {
    schema: { tags, summary: 'Start a self-assessment, or resume the open draft (200)', response: { 200: FirmAssessment, 201: FirmAssessment, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const { created, assessment } = await form.start(req.firm!, auditContext(req))
    return reply.code(created ? 201 : 200).send(assessment)
  })

  app.patch('/firm/assessments/:assessmentId/answers', {
    schema: { tags, summary: 'Save answers as they are given (null removes one); refused once submitted',
      params: FirmAssessmentParams, body: SaveAnswersBody, response: { 200: FirmAssessment, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => form.save(req.firm!, req.params.assessmentId, req.body))

  app.post('/firm/assessments/:assessmentId/submit', {
    schema: { tags, summary: 'Submit: scored on the server; every required question must be answered, and only once',
      params: FirmAssessmentParams, response: { 200: FirmAssessment, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => form.submit(req.firm!, req.params.assessmentId, auditContext(req)))

  app.get('/firm/assessment/plan', {
    schema: { tags, summary: "The firm's plan: the items the PID's expert review agreed with it, latest assessment first (two queries)",
      response: { 200: FirmPlan, ...denied } },
    config: firmGuard,
  }, async (req) => {
    const rows = await app.db.selectFrom('assessment_plan_item as i').innerJoin('assessment as a', 'a.id', 'i.assessment_id')
      .select(['i.id', 'i.assessment_id', 'i.kind', 'i.dimension', 'i.title', 'i.due_on', 'i.partner_id', 'i.status', 'i.created_at'])
      .where('a.firm_id', '=', req.firm!.firmId).where('i.status', '<>', 'cancelled')
      .orderBy('i.assessment_id', 'desc').orderBy('i.due_on').orderBy('i.id').limit(100).execute()
    const partners = await app.crm.partnerNames(app.db, rows.map((r) => r.partner_id))
    return {
      items: rows.map((r): FirmPlanItem => ({ id: r.id, assessmentId: r.assessment_id, kind: r.kind as FirmPlanItem['kind'], dimension: r.dimension,
        title: r.title, dueOn: r.due_on, partner: r.partner_id ? { id: r.partner_id, name: partners.get(r.partner_id) ?? '' } : null,
        status: r.status as FirmPlanItem['status'], createdAt: r.created_at.toISOString() })),
    }
  })

  const ownSubmitted = async (firmId: number, id: number) => {
    const row = await app.db.selectFrom('assessment').select('id').where('id', '=', id).where('firm_id', '=', firmId)
      .where('status', '=', 'submitted').executeTakeFirst()
    if (!row) throw notFound('submitted assessment')
  }

  app.get('/firm/assessments/:assessmentId/report', {
    schema: { tags, summary: "The firm's report: scores, level, strengths and gaps, recommendations, benchmark",
      params: FirmAssessmentParams, response: { 200: AssessmentReport, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => {
    await ownSubmitted(req.firm!.firmId, req.params.assessmentId)
    return buildReport(app.db, app.assessmentRecommenders, req.params.assessmentId)
  })

  app.get('/firm/assessments/:assessmentId/report.pdf', {
    schema: { tags, summary: 'The same report as a PDF', params: FirmAssessmentParams,
      querystring: Type.Object({ lang: Type.Optional(Locale) }, { additionalProperties: false }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    await ownSubmitted(req.firm!.firmId, req.params.assessmentId)
    const report = await buildReport(app.db, app.assessmentRecommenders, req.params.assessmentId)
    const pdf = await renderReportPdf(report, req.query.lang ?? 'it')
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="autovalutazione-${report.assessmentId}.pdf"`).send(pdf)
  })
}
