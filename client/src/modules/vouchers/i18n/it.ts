import { staffIt } from './staff.it'
import { firmIt } from './firm.it'
import { evaluationIt } from './evaluation.it'
import { reportingIt } from './reporting.it'
import { detailsIt } from './details.it'
import { problemsIt } from './problems.it'

/** The vouchers module's messages (Italian, the reference catalogue): its problem codes and everything under `vouchers.`. */
export const it = {
  problems: problemsIt,
  vouchers: { ...staffIt, ...firmIt, ...evaluationIt, ...reportingIt, ...detailsIt },
}

export type VouchersMessages = typeof it
