import type { AdmissibilityService } from './admissibility.service.ts'
import type { EvaluationService } from './evaluation.service.ts'
import type { DecisionsService } from './decisions.service.ts'
import type { ReportingService } from './reporting.service.ts'
import type { PaymentsService } from './payments.service.ts'

/** The services of part 2 (evaluation, decisions, reporting, payment), built once per app beside part 1's. */
export interface EvaluationServices {
  admissibility: AdmissibilityService
  evaluation: EvaluationService
  decisions: DecisionsService
  reporting: ReportingService
  payments: PaymentsService
}
