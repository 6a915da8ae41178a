import { staffIt } from './staff.it'
import { staffEn } from './staff.en'
import { firmIt } from './firm.it'
import { firmEn } from './firm.en'
import { evaluationIt } from './evaluation.it'
import { evaluationEn } from './evaluation.en'
import { reportingIt } from './reporting.it'
import { reportingEn } from './reporting.en'

/** The vouchers module's messages, under `vouchers.` in both catalogues (it.ts and en.ts). */
export const vouchersIt = { ...staffIt, ...firmIt, ...evaluationIt, ...reportingIt }
export const vouchersEn: typeof vouchersIt = { ...staffEn, ...firmEn, ...evaluationEn, ...reportingEn }
