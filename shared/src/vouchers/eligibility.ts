import { Type, type Static } from 'typebox'
import { Nullable } from '../common.ts'
import { SIZE_CLASSES, type SizeClass } from '../crm/domain.ts'
import type { Declarations } from './grant.ts'
import { detail, EligibilityDetail, type Detail, type EligibilityDetailCode } from './detail.ts'

/**
 * Who may apply to a call. Checked on the register's data (through the CRM), the firm's
 * declarations and, when required, its completed self-assessment (through the assessment module).
 * Each check says pass, fail, or 'declared' (rests on a declaration that the formal admissibility
 * check verifies later, e.g. the annual fee: the platform holds no payment data).
 */
/** ATECO exclusions: a section letter ('A'), or a division / group / class prefix ('01', '64.1', '64.19'). */
export const AtecoPrefix = Type.String({ pattern: '^([A-U]|\\d{2}(\\.\\d{1,2})?)$' })

export const Eligibility = Type.Object({
  sizeClasses: Type.Array(Type.Enum(SIZE_CLASSES), { minItems: 1, maxItems: 4, uniqueItems: true }),
  /** The registered office in one of the chamber's provinces. */
  seatInChamber: Type.Boolean(),
  /** Active in the business register. */
  activeInRegister: Type.Boolean(),
  atecoExclusions: Type.Array(AtecoPrefix, { maxItems: 100, uniqueItems: true }),
  /** The annual fee declared paid. */
  annualFeePaid: Type.Boolean(),
  /** A completed self-assessment, within so many months when given (null: not required). */
  assessment: Nullable(Type.Object({ withinMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })) },
    { additionalProperties: false })),
}, { additionalProperties: false })
export type Eligibility = Static<typeof Eligibility>

export const ELIGIBILITY_CHECKS = ['size_class', 'seat', 'active', 'ateco', 'annual_fee', 'assessment', 'truthful'] as const
export type EligibilityCheckCode = (typeof ELIGIBILITY_CHECKS)[number]
export const CHECK_OUTCOMES = ['pass', 'fail', 'declared'] as const

export const EligibilityCheck = Type.Object({
  code: Type.Enum(ELIGIBILITY_CHECKS),
  outcome: Type.Enum(CHECK_OUTCOMES),
  /** What was found, for the client to word (detail.ts). */
  detail: EligibilityDetail,
})
export type EligibilityCheck = Static<typeof EligibilityCheck>

export interface FirmFacts {
  sizeClass: SizeClass | string | null
  provinceCode: string
  /** Provinces the call's chamber covers now. */
  chamberProvinces: readonly string[]
  status: string
  atecoCode: string | null
  atecoSection: string | null
  /** The firm's latest completed self-assessment, if any. */
  assessmentSubmittedAt: Date | null
}

/** Whether an ATECO code (e.g. 62.10.00, section J) falls under a prefix (section letter, division, group or class). */
export function atecoMatches(prefix: string, code: string | null, section: string | null): boolean {
  if (/^[A-U]$/.test(prefix)) return section === prefix
  if (!code) return false
  // '64.1' covers '64.1x.yy' but '01' must not cover '010...' (codes always carry their dots).
  return code === prefix || code.startsWith(prefix) && (prefix.length === 2 ? code[2] === '.' : true)
}

const monthsBefore = (d: Date, months: number) => {
  const x = new Date(d)
  x.setUTCMonth(x.getUTCMonth() - months)
  return x
}

/** Every check of the call's eligibility against the firm's facts and declarations. */
export function checkEligibility(rules: Eligibility, firm: FirmFacts, declarations: Declarations, now: Date): { eligible: boolean; checks: EligibilityCheck[] } {
  const checks: EligibilityCheck[] = []
  const add = (code: EligibilityCheckCode, ok: boolean | 'declared', found: Detail<EligibilityDetailCode>) =>
    checks.push({ code, outcome: ok === 'declared' ? 'declared' : ok ? 'pass' : 'fail', detail: found })
  const day = (d: Date) => d.toISOString().slice(0, 10)

  add('size_class', firm.sizeClass !== null && (rules.sizeClasses as readonly string[]).includes(firm.sizeClass),
    firm.sizeClass === null ? detail('size_class_unknown') : detail('size_class', { sizeClass: firm.sizeClass, sizeClasses: [...rules.sizeClasses] }))
  if (rules.seatInChamber) {
    add('seat', firm.chamberProvinces.includes(firm.provinceCode), detail('seat', { province: firm.provinceCode }))
  }
  if (rules.activeInRegister) add('active', firm.status === 'active', detail('register_status', { status: firm.status }))
  if (rules.atecoExclusions.length) {
    const hit = rules.atecoExclusions.find((p) => atecoMatches(p, firm.atecoCode, firm.atecoSection))
    add('ateco', firm.atecoCode !== null && hit === undefined, firm.atecoCode === null ? detail('ateco_missing')
      : hit ? detail('ateco_excluded', { ateco: firm.atecoCode, prefix: hit }) : detail('ateco', { ateco: firm.atecoCode }))
  }
  if (rules.annualFeePaid) {
    add('annual_fee', declarations.annualFeePaid === true ? 'declared' : false,
      detail(declarations.annualFeePaid === true ? 'annual_fee_declared' : 'annual_fee_undeclared'))
  }
  if (rules.assessment) {
    const months = rules.assessment.withinMonths
    const since = months ? monthsBefore(now, months) : null
    const at = firm.assessmentSubmittedAt
    const ok = at !== null && (since === null || at >= since)
    add('assessment', ok, at === null ? detail('assessment_missing')
      : ok ? detail('assessment_done', { submittedDate: day(at) }) : detail('assessment_old', { submittedDate: day(at), months: months ?? 0 }))
  }
  add('truthful', declarations.truthful === true ? 'declared' : false, detail(declarations.truthful === true ? 'truthful_declared' : 'truthful_undeclared'))
  return { eligible: checks.every((c) => c.outcome !== 'fail'), checks }
}
