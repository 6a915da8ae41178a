import { Type, type Static } from 'typebox'
import { Nullable } from '../common.ts'
import { SIZE_CLASSES, type SizeClass } from '../crm/domain.ts'
import type { Declarations } from './grant.ts'

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
  message: Type.String(),
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
  const add = (code: EligibilityCheckCode, ok: boolean | 'declared', message: string) =>
    checks.push({ code, outcome: ok === 'declared' ? 'declared' : ok ? 'pass' : 'fail', message })

  add('size_class', firm.sizeClass !== null && (rules.sizeClasses as readonly string[]).includes(firm.sizeClass),
    firm.sizeClass === null ? 'the size class is unknown in the register' : `size class ${firm.sizeClass} (allowed: ${rules.sizeClasses.join(', ')})`)
  if (rules.seatInChamber) {
    add('seat', firm.chamberProvinces.includes(firm.provinceCode), `registered office in province ${firm.provinceCode}`)
  }
  if (rules.activeInRegister) add('active', firm.status === 'active', `register status: ${firm.status}`)
  if (rules.atecoExclusions.length) {
    const hit = rules.atecoExclusions.find((p) => atecoMatches(p, firm.atecoCode, firm.atecoSection))
    add('ateco', firm.atecoCode !== null && hit === undefined,
      firm.atecoCode === null ? 'no ATECO code in the register' : hit ? `ATECO ${firm.atecoCode} is excluded (${hit})` : `ATECO ${firm.atecoCode}`)
  }
  if (rules.annualFeePaid) {
    add('annual_fee', declarations.annualFeePaid === true ? 'declared' : false,
      declarations.annualFeePaid === true ? 'annual fee declared paid (verified at admissibility)' : 'the annual fee must be declared paid')
  }
  if (rules.assessment) {
    const since = rules.assessment.withinMonths ? monthsBefore(now, rules.assessment.withinMonths) : null
    const ok = firm.assessmentSubmittedAt !== null && (since === null || firm.assessmentSubmittedAt >= since)
    add('assessment', ok, firm.assessmentSubmittedAt === null ? 'no completed self-assessment'
      : ok ? `self-assessment completed on ${firm.assessmentSubmittedAt.toISOString().slice(0, 10)}`
        : `the self-assessment of ${firm.assessmentSubmittedAt.toISOString().slice(0, 10)} is older than ${rules.assessment.withinMonths} months`)
  }
  add('truthful', declarations.truthful === true ? 'declared' : false,
    declarations.truthful === true ? 'statements declared true (DPR 445/2000)' : 'the statements must be declared true')
  return { eligible: checks.every((c) => c.outcome !== 'fail'), checks }
}
