import { programmeViolation, sharePermille, yearViolations, type ProgrammeView, type RegionPlan, type Violation } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import { amountsOf, figureLines, sumByCategory, thresholdsOf, totalsOf } from './figures.ts'
import { planViolations, programmeRow, programmeYears } from './plans.queries.ts'

/** Plans and their lines for some chambers, optionally one year only, in chamber then line order. */
async function plansWithLines(db: DbOrTx, chamberIds: readonly number[], filter: { year?: number; programmeId?: number }) {
  if (chamberIds.length === 0) return []
  let q = db.selectFrom('budget_plan').selectAll().where('chamber_id', 'in', chamberIds)
  if (filter.year !== undefined) q = q.where('year', '=', filter.year)
  if (filter.programmeId !== undefined) q = q.where('programme_id', '=', filter.programmeId)
  const plans = await q.orderBy('chamber_id').orderBy('year').execute()
  if (plans.length === 0) return []
  const lines = await db.selectFrom('budget_line').selectAll().where('plan_id', 'in', plans.map((p) => p.id))
    .orderBy('plan_id').orderBy('position').execute()
  return plans.map((p) => ({ plan: p, lines: lines.filter((l) => l.plan_id === p.id) }))
}

const regionChambers = (db: DbOrTx, regionCode: string) =>
  db.selectFrom('chamber').select(['id', 'short_name as name']).where('region_code', '=', regionCode).orderBy('short_name').execute()

/**
 * The regional plan of a year: the sum of its chambers' plans, line by line, with each chamber's
 * figures and rules, and the rules checked on the sum as well.
 */
export async function regionPlan(db: DbOrTx, regionCode: string, year: number): Promise<RegionPlan> {
  const chambers = await regionChambers(db, regionCode)
  const plans = await plansWithLines(db, chambers.map((c) => c.id), { year })
  const all = plans.flatMap((p) => p.lines.map(amountsOf))
  const summed = sumByCategory(all)
  const perChamber = await Promise.all(plans.map(async ({ plan, lines }) => {
    const t = totalsOf(lines.map(amountsOf))
    return {
      chamber: chambers.find((c) => c.id === plan.chamber_id)!, totalCents: t.totalCents, voucherCents: t.voucherCents,
      voucherSharePm: t.voucherSharePm, internalCents: t.internalCents, internalSharePm: t.internalSharePm,
      committedCents: t.committedCents, spentCents: t.spentCents, availableCents: t.availableCents,
      violations: await planViolations(db, plan, lines),
    }
  }))
  let violations: Violation[] = []
  if (plans.length > 0) {
    const programme = (await programmeRow(db, plans[0]!.plan.programme_id))!
    const baseline = plans.reduce((s, p) => s + p.plan.baseline_total_cents, 0)
    violations = yearViolations(summed, thresholdsOf(programme), year, baseline)
  }
  return { regionCode, year, lines: figureLines(summed), totals: totalsOf(summed), chambers: perChamber, violations }
}

/** A programme over its years, for some chambers (one chamber, or a region's). */
export async function programmeView(db: DbOrTx, programmeId: number, chamberIds: readonly number[]): Promise<ProgrammeView> {
  const programme = await programmeRow(db, programmeId)
  if (!programme) throw notFound('programme')
  const t = thresholdsOf(programme)
  const plans = await plansWithLines(db, chamberIds, { programmeId })
  const years = await programmeYears(db, chamberIds, programmeId)
  const violations: Violation[] = []
  const figures = []
  for (let year = programme.first_year; year <= programme.last_year; year++) {
    const y = years.find((r) => r.year === year)
    const yearLines = sumByCategory(plans.filter((p) => p.plan.year === year).flatMap((p) => p.lines.map(amountsOf)))
    if (y) violations.push(...yearViolations(yearLines, t, year, null))
    figures.push({
      year, planned: y !== undefined, totalCents: y?.totalCents ?? 0, voucherCents: y?.voucherCents ?? 0,
      voucherSharePm: y ? sharePermille(y.voucherCents, y.totalCents) : 0, committedCents: y?.committedCents ?? 0,
      spentCents: y?.spentCents ?? 0, availableCents: y ? y.totalCents - y.committedCents - y.spentCents : 0,
    })
  }
  const pv = programmeViolation(years, programme.last_year - programme.first_year + 1, t.voucherShareMinProgrammePm)
  if (pv) violations.push(pv)
  const summed = sumByCategory(plans.flatMap((p) => p.lines.map(amountsOf)))
  return {
    programme: { id: programme.id, regionCode: programme.region_code, name: programme.name, firstYear: programme.first_year, lastYear: programme.last_year, thresholds: t },
    years: figures, lines: figureLines(summed), totals: totalsOf(summed), violations,
  }
}

export async function regionChamberIds(db: DbOrTx, regionCode: string): Promise<number[]> {
  return (await regionChambers(db, regionCode)).map((c) => c.id)
}
