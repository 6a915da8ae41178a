import type { FastifyInstance } from 'fastify'
import { catalogueSource, partnerSource, type Recommenders } from './recommendations.ts'
import { ensureAssessmentDefaults } from './seed-defaults.ts'
import firmRoutes from './firm.routes.ts'
import staffRoutes from './staff.routes.ts'
import reviewRoutes from './review.routes.ts'
import configRoutes from './config.routes.ts'
import analyticsRoutes from './analytics.routes.ts'
import publicStartRoutes from './public-start/index.ts'
import { mergeAssessments } from './merge.ts'
import { registerAssessmentWork } from './assessment-work.ts'
import { assessmentFigures } from './figures.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Recommendation sources for assessment reports: modules register theirs (voucher calls, mentors, library...). */
    assessmentRecommenders: Recommenders
  }
}

/**
 * The assessment module: questionnaires (config.routes), the firm's form through firm access
 * (firm.routes), reports with benchmark and PDF (staff.routes, report.ts), expert review and
 * intervention plan (review.routes), analytics and cohorts (analytics.routes).
 */
export default async function assessmentModule(app: FastifyInstance) {
  await ensureAssessmentDefaults(app.db)
  app.assessmentRecommenders.register(catalogueSource)
  app.assessmentRecommenders.register(partnerSource(app.crm))
  app.crm.onFirmMerged('assessment', mergeAssessments)
  registerAssessmentWork(app.work)
  app.figures.register(assessmentFigures)
  await app.register(firmRoutes)
  await app.register(staffRoutes)
  await app.register(reviewRoutes)
  await app.register(configRoutes)
  await app.register(analyticsRoutes)
  await app.register(publicStartRoutes)
}

// The assessment's public face: what other modules may import. Everything else in this folder is internal.
export type { AssessmentService, CompletedAssessment } from './assessment.service.ts'
export type { RecommendationInput, RecommendationSource } from './recommendations.ts'
