import { centsToDecimal } from './money.ts'
import { formatPermille, sharePermille } from './shares.ts'

/** The voucher line's category code: "vouchers to firms". */
export const VOUCHER_CATEGORY = 'vouchers'

export interface Thresholds {
  /** minimum voucher share of each year's plan, per mille (552 = 55.2%) */
  voucherShareMinYearPm: number
  /** minimum voucher share over all the programme's years together */
  voucherShareMinProgrammePm: number
  /** maximum share of internal (organisational) costs in a chamber's allocation */
  internalShareMaxPm: number
}

/** The seed's thresholds: 55.2% vouchers in the first year, 60% over three years, 20% internal costs. */
export const SEED_THRESHOLDS: Thresholds = { voucherShareMinYearPm: 552, voucherShareMinProgrammePm: 600, internalShareMaxPm: 200 }

export const RULES = ['voucher_share_year', 'voucher_share_programme', 'internal_share_max', 'grand_total'] as const
export type Rule = (typeof RULES)[number]
export const FIXES = ['move_to_vouchers', 'move_internal_to_services', 'reduce_lines', 'increase_lines'] as const
export type Fix = (typeof FIXES)[number]

export interface Violation {
  rule: Rule
  year: number | null
  /** the share found and the threshold, per mille (null for the grand total) */
  actualPm: number | null
  thresholdPm: number | null
  /** how far from compliance, in cents: the least amount whose move fixes it */
  byCents: number
  fix: Fix
  message: string
}

export interface RuleLine { category: string; nature: 'internal' | 'services'; plannedCents: number }

const euros = (cents: number) => `${centsToDecimal(cents)} EUR`
/** ceil(n / d) for non-negative BigInts */
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d

export function planTotals(lines: readonly RuleLine[]) {
  let total = 0, vouchers = 0, internal = 0
  for (const l of lines) {
    total += l.plannedCents
    if (l.category === VOUCHER_CATEGORY) vouchers += l.plannedCents
    if (l.nature === 'internal') internal += l.plannedCents
  }
  return { totalCents: total, voucherCents: vouchers, internalCents: internal, servicesCents: total - internal, subtotalCents: total - vouchers }
}

/**
 * The least amount X to move into vouchers (other lines give it, the total stays) so that
 * vouchers / total >= pm / 1000, compared exactly: 1000 (V + X) >= pm T. 0 when already met.
 */
export function voucherGap(voucherCents: number, totalCents: number, pm: number): number {
  const need = BigInt(pm) * BigInt(totalCents) - 1000n * BigInt(voucherCents)
  return need > 0n ? Number(ceilDiv(need, 1000n)) : 0
}

/** The least amount to move from internal costs to services so that 1000 I <= pm T. */
export function internalExcess(internalCents: number, totalCents: number, pm: number): number {
  const over = 1000n * BigInt(internalCents) - BigInt(pm) * BigInt(totalCents)
  return over > 0n ? Number(ceilDiv(over, 1000n)) : 0
}

/** The rules of one year's plan: voucher share, internal costs, and the grand total to keep. */
export function yearViolations(lines: readonly RuleLine[], t: Thresholds, year: number, baselineTotalCents: number | null): Violation[] {
  const { totalCents, voucherCents, internalCents } = planTotals(lines)
  const out: Violation[] = []
  const vGap = voucherGap(voucherCents, totalCents, t.voucherShareMinYearPm)
  if (vGap > 0) {
    const actual = sharePermille(voucherCents, totalCents)
    out.push({
      rule: 'voucher_share_year', year, actualPm: actual, thresholdPm: t.voucherShareMinYearPm, byCents: vGap, fix: 'move_to_vouchers',
      message: `${year}: vouchers are ${formatPermille(actual)}% of the plan, below the minimum ${formatPermille(t.voucherShareMinYearPm)}%; move at least ${euros(vGap)} from other lines to vouchers`,
    })
  }
  const iGap = internalExcess(internalCents, totalCents, t.internalShareMaxPm)
  if (iGap > 0) {
    const actual = sharePermille(internalCents, totalCents)
    out.push({
      rule: 'internal_share_max', year, actualPm: actual, thresholdPm: t.internalShareMaxPm, byCents: iGap, fix: 'move_internal_to_services',
      message: `${year}: internal costs are ${formatPermille(actual)}% of the allocation, above the maximum ${formatPermille(t.internalShareMaxPm)}%; move at least ${euros(iGap)} from internal costs to services and contributions to firms`,
    })
  }
  if (baselineTotalCents !== null && totalCents !== baselineTotalCents) {
    const diff = totalCents - baselineTotalCents
    out.push({
      rule: 'grand_total', year, actualPm: null, thresholdPm: null, byCents: Math.abs(diff), fix: diff > 0 ? 'reduce_lines' : 'increase_lines',
      message: `${year}: the grand total is ${euros(totalCents)}, ${diff > 0 ? 'above' : 'below'} the plan's ${euros(baselineTotalCents)} by ${euros(Math.abs(diff))}; ${diff > 0 ? 'reduce' : 'increase'} lines by that amount`,
    })
  }
  return out
}

export interface ProgrammeYear { year: number; totalCents: number; voucherCents: number }

/**
 * The voucher share over the whole programme, checked once every year of it has a plan (before
 * that the later years can still make up for the first: the seed's 55.2% first year, 60% overall).
 */
export function programmeViolation(years: readonly ProgrammeYear[], expectedYears: number, pm: number): Violation | null {
  if (years.length < expectedYears) return null
  const total = years.reduce((s, y) => s + y.totalCents, 0)
  const vouchers = years.reduce((s, y) => s + y.voucherCents, 0)
  const gap = voucherGap(vouchers, total, pm)
  if (gap === 0) return null
  const actual = sharePermille(vouchers, total)
  return {
    rule: 'voucher_share_programme', year: null, actualPm: actual, thresholdPm: pm, byCents: gap, fix: 'move_to_vouchers',
    message: `over the programme vouchers are ${formatPermille(actual)}% of the total, below the minimum ${formatPermille(pm)}%; move at least ${euros(gap)} from other lines to vouchers in the years still open`,
  }
}

/**
 * Whether `after` is worse than `before` for some rule: a change may leave a rule broken that was
 * already broken, as long as it does not break it further (so partial fixes are allowed).
 */
export function worsens(before: readonly Violation[], after: readonly Violation[]): Violation[] {
  const key = (v: Violation) => `${v.rule}:${v.year ?? ''}`
  const was = new Map(before.map((v) => [key(v), v.byCents]))
  return after.filter((v) => v.byCents > (was.get(key(v)) ?? 0))
}
