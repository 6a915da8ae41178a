import { sql } from 'kysely'
import { programmeViolation, VOUCHER_CATEGORY, yearViolations, type Plan, type Violation } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import { amountsOf, planLines, thresholdsOf, totalsOf } from './figures.ts'

export async function findPlanRow(db: DbOrTx, chamberId: number, year: number, lock = false) {
  let q = db.selectFrom('budget_plan').selectAll().where('chamber_id', '=', chamberId).where('year', '=', year)
  if (lock) q = q.forUpdate()
  const plan = await q.executeTakeFirst()
  if (!plan) throw notFound(`budget plan ${year}`)
  return plan
}

export const lineRows = (db: DbOrTx, planId: number) =>
  db.selectFrom('budget_line').selectAll().where('plan_id', '=', planId).orderBy('position').execute()

export const programmeRow = (db: DbOrTx, programmeId: number) =>
  db.selectFrom('budget_programme').selectAll().where('id', '=', programmeId).executeTakeFirst()

/** Per year of a chamber's plans in a programme: total and voucher amounts. */
export async function programmeYears(db: DbOrTx, chamberIds: readonly number[], programmeId: number) {
  if (chamberIds.length === 0) return []
  return db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
    .select(['p.year',
      sql<number>`sum(l.planned_cents)::int8`.as('totalCents'),
      sql<number>`coalesce(sum(l.planned_cents) FILTER (WHERE l.category = ${VOUCHER_CATEGORY}), 0)::int8`.as('voucherCents'),
      sql<number>`sum(l.committed_cents)::int8`.as('committedCents'),
      sql<number>`sum(l.spent_cents)::int8`.as('spentCents')])
    .where('p.chamber_id', 'in', chamberIds).where('p.programme_id', '=', programmeId)
    .groupBy('p.year').orderBy('p.year').execute()
}

/**
 * Every rule of a chamber's plan: the year's (voucher share, internal costs, grand total) and,
 * once all its years are planned, the programme's voucher share.
 */
export async function planViolations(db: DbOrTx, plan: { chamber_id: number; programme_id: number; year: number; baseline_total_cents: number },
  lines: Parameters<typeof amountsOf>[0][]): Promise<Violation[]> {
  const programme = (await programmeRow(db, plan.programme_id))!
  const t = thresholdsOf(programme)
  const years = await programmeYears(db, [plan.chamber_id], plan.programme_id)
  const pv = programmeViolation(years, programme.last_year - programme.first_year + 1, t.voucherShareMinProgrammePm)
  return [...yearViolations(lines.map(amountsOf), t, plan.year, plan.baseline_total_cents), ...(pv ? [pv] : [])]
}

/** A chamber's plan of a year as the API shows it: lines with drivers, totals, shares, rules. */
export async function loadPlan(db: DbOrTx, chamberId: number, year: number): Promise<Plan> {
  const plan = await findPlanRow(db, chamberId, year)
  const [chamber, programme, rows] = await Promise.all([
    db.selectFrom('chamber').select(['id', 'short_name as name']).where('id', '=', chamberId).executeTakeFirstOrThrow(),
    programmeRow(db, plan.programme_id),
    lineRows(db, plan.id),
  ])
  return {
    id: plan.id, chamber, year,
    programme: { id: programme!.id, name: programme!.name, firstYear: programme!.first_year, lastYear: programme!.last_year },
    baselineTotalCents: plan.baseline_total_cents,
    lines: planLines(rows), totals: totalsOf(rows.map(amountsOf)), thresholds: thresholdsOf(programme!),
    violations: await planViolations(db, plan, rows),
  }
}

export async function listPlans(db: DbOrTx, chamberId: number) {
  const plans = await db.selectFrom('budget_plan').selectAll().where('chamber_id', '=', chamberId).orderBy('year').execute()
  return Promise.all(plans.map(async (p) => {
    const rows = await lineRows(db, p.id)
    const totals = totalsOf(rows.map(amountsOf))
    return { id: p.id, year: p.year, programmeId: p.programme_id, totalCents: totals.totalCents, voucherSharePm: totals.voucherSharePm,
      violations: (await planViolations(db, p, rows)).length }
  }))
}
