import type { VouchersMessages } from './it'
import { staffEn } from './staff.en'
import { firmEn } from './firm.en'
import { evaluationEn } from './evaluation.en'
import { reportingEn } from './reporting.en'
import { detailsEn } from './details.en'

/** The vouchers module's messages in English: same shape as the Italian catalogue. */
export const en: VouchersMessages = {
  problems: {
    voucher_call_not_open: 'The call is not open: applications are taken only between its opening and closing.',
    voucher_not_eligible: "The firm does not meet the call's requirements.",
    voucher_incomplete: 'The application is incomplete: check expenses, declarations and documents.',
    voucher_de_minimis_exceeded: 'The firm has already reached its de minimis ceiling.',
  },
  vouchers: { ...staffEn, ...firmEn, ...evaluationEn, ...reportingEn, ...detailsEn },
}
