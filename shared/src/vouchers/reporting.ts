import { computeGrant, type Declarations, type GrantResult, type GrantRule } from './grant.ts'

/**
 * Reporting (rendicontazione): what is paid on a grant. The call's rule is applied to the eligible
 * actual costs exactly as it was to the planned ones at submission (the same computeGrant: category
 * caps, rate, ceiling, minimum spend, bonuses), and the result never exceeds the grant (which may
 * be lower than the rule gives: reduced by de minimis, pro rata, the remainder of the envelope).
 * Actual costs below the minimum spend pay nothing (the rule reports the problem).
 */
export interface EligibleCost { category: string; eligibleCents: number }

export function payableFor(rule: GrantRule, costs: readonly EligibleCost[], declarations: Declarations, grantedCents: number): { figures: GrantResult; payableCents: number } {
  const figures = computeGrant(rule, costs.map((c) => ({
    category: c.category, supplierName: '-', description: '-', amountCents: c.eligibleCents,
  })).filter((e) => e.amountCents > 0), declarations)
  return { figures, payableCents: Math.min(figures.grantCents, grantedCents) }
}

/** The last day of reporting, inclusive, in Rome: open while Rome's date is not past it. */
export function reportingOpen(deadline: string, now: Date): boolean {
  return romeDay(now) <= deadline
}

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
/** The calendar day in Rome, YYYY-MM-DD. */
export const romeDay = (d: Date) => ROME_DAY.format(d)
