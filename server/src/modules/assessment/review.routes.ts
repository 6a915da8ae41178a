import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AssessmentReview, ChamberAssessmentParams, CreatePlanItemBody, PlanItem, PlanItemParams, ReviewBody, UpdatePlanItemBody } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import type { Actor } from '../../core/auth/guard.ts'
import { firmAccess } from '../crm/index.ts'
import { ReviewService } from './review.service.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['assessment']
const reviewGuard = guarded('assessment.review')

/** A digital coordinator reviews a submitted assessment with the firm and agrees an intervention plan. */
export default async function reviewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new ReviewService(app)
  const access = (req: { actor: Actor | null }, chamberId: number) => firmAccess(app.db, req.actor!, chamberId, 'assessment.review')

  app.put('/chambers/:chamberId/assessments/:assessmentId/review', {
    schema: { tags, summary: 'Record (or correct) the expert review: validated score and note per dimension, improvement areas',
      params: ChamberAssessmentParams, body: ReviewBody, response: { 200: AssessmentReview, 400: problem, ...denied, 404: problem } },
    config: reviewGuard,
  }, async (req) => service.review(await access(req, req.params.chamberId), req.params.assessmentId, req.body, auditContext(req)))

  app.post('/chambers/:chamberId/assessments/:assessmentId/plan', {
    schema: { tags, summary: 'Add an intervention to the plan: a partner referral becomes a CRM referral, the others staff tasks',
      params: ChamberAssessmentParams, body: CreatePlanItemBody, response: { 201: PlanItem, 400: problem, ...denied, 404: problem } },
    config: reviewGuard,
  }, async (req, reply) => reply.code(201).send(await service.addPlanItem(await access(req, req.params.chamberId), req.params.assessmentId, req.body, auditContext(req))))

  app.patch('/chambers/:chamberId/assessments/:assessmentId/plan/:itemId', {
    schema: { tags, summary: 'Mark a plan item done or cancelled', params: PlanItemParams, body: UpdatePlanItemBody,
      response: { 200: PlanItem, 400: problem, ...denied, 404: problem } },
    config: reviewGuard,
  }, async (req) => service.setPlanItemStatus(await access(req, req.params.chamberId), req.params.assessmentId, req.params.itemId, req.body.status, auditContext(req)))
}
