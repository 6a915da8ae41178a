import type { FastifyInstance } from 'fastify'
import type { VoucherServices } from './context.ts'
import type { EvaluationServices } from './evaluation-context.ts'
import { AdmissibilityService } from './admissibility.service.ts'
import { EvaluationService } from './evaluation.service.ts'
import { DecisionsService } from './decisions.service.ts'
import { ReportingService } from './reporting.service.ts'
import { PaymentsService, REVOCATION_HOUR, REVOCATION_QUEUE } from './payments.service.ts'
import { voucherCallsSource } from './recommendations.ts'
import evaluationRoutes from './evaluation.routes.ts'
import reportingRoutes from './reporting.routes.ts'
import reportUploadRoutes from './report-uploads.routes.ts'

/**
 * Part 2 of the vouchers module: evaluation (admissibility, merit, ranking or pro-rata proposal),
 * decisions and revocations, the list for the decision act, reporting, payment orders, the close-out
 * of a call, the daily revocation run and the assessment's recommendation source. Registered by the
 * module's plugin (index.ts) with part 1's services, whose seams it builds on.
 */
export async function registerEvaluation(app: FastifyInstance, s: VoucherServices): Promise<void> {
  const decisions = new DecisionsService({ db: app.db, crm: app.crm, mailer: app.mailer, allocation: s.allocation, webhooks: app.webhooks })
  const e: EvaluationServices = {
    admissibility: new AdmissibilityService(app),
    evaluation: new EvaluationService({ db: app.db, crm: app.crm, allocation: s.allocation }),
    decisions,
    reporting: new ReportingService(app),
    payments: new PaymentsService({ db: app.db, crm: app.crm, budget: app.budget, decisions, webhooks: app.webhooks }),
  }
  app.assessmentRecommenders.register(voucherCallsSource(app.crm))
  app.jobs.work(REVOCATION_QUEUE, async () => { await e.payments.runRevocations() })
  app.jobs.daily(REVOCATION_QUEUE, REVOCATION_HOUR)
  await app.register(evaluationRoutes, { s, e })
  await app.register(reportingRoutes, { s, e })
  await app.register(reportUploadRoutes, { s, e })
}
