import type { VouchersMessages } from './it'
import { staffEn } from './staff.en'
import { firmEn } from './firm.en'
import { evaluationEn } from './evaluation.en'
import { reportingEn } from './reporting.en'
import { detailsEn } from './details.en'
import { problemsEn } from './problems.en'

/** The vouchers module's messages in English: same shape as the Italian catalogue. */
export const en: VouchersMessages = {
  problems: problemsEn,
  vouchers: { ...staffEn, ...firmEn, ...evaluationEn, ...reportingEn, ...detailsEn },
}
