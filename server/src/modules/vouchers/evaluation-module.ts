import type { FastifyInstance } from 'fastify'
import type { VoucherServices } from './context.ts'
import type { EvaluationServices } from './evaluation-context.ts'
import { AdmissibilityService } from './admissibility.service.ts'
import { EvaluationService } from './evaluation.service.ts'
import { DecisionsService } from './decisions.service.ts'
import evaluationRoutes from './evaluation.routes.ts'

/**
 * Part 2 of the vouchers module: evaluation (admissibility, merit, ranking or pro-rata proposal),
 * decisions and revocations, the list for the decision act, reporting, payment orders, the close-out
 * of a call, the daily revocation run and the assessment's recommendation source. Registered by the
 * module's plugin (index.ts) with part 1's services, whose seams it builds on.
 */
export async function registerEvaluation(app: FastifyInstance, s: VoucherServices): Promise<void> {
  const e: EvaluationServices = {
    admissibility: new AdmissibilityService(app.db, app.crm, app.assessment),
    evaluation: new EvaluationService(app.db, app.crm, s.allocation),
    decisions: new DecisionsService(app.db, app.crm, app.mailer, s.allocation),
  }
  await app.register(evaluationRoutes, { s, e })
}
