import { sql } from 'kysely'
import type { Execution, Posting } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { findPlanRow, lineRows } from './plans.queries.ts'

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Months of the plan year that are over by `asOf` (a date in the year counts its own month). */
export function monthsElapsed(year: number, asOf: string): number {
  const y = Number(asOf.slice(0, 4))
  if (y < year) return 0
  if (y > year) return 12
  return Number(asOf.slice(5, 7))
}

const divideHalfUp = (n: number, d: number) => Number((2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d)))

interface MonthSums { spent: number; direct: number; commit: number; release: number; consumed: number }
const empty = (): MonthSums => ({ spent: 0, direct: 0, commit: 0, release: 0, consumed: 0 })

/**
 * Plan against actual over the year, and the year-end forecast. Method (per line, then summed):
 * with m months elapsed at `asOf`, forecast = spent so far + commitments still outstanding +
 * the monthly average of spending made without a commitment (staff costs, small expenses) x the
 * months left: committed money is expected to be spent, recurring costs to keep their pace. The
 * burn chart shows, month by month, cumulative spending and outstanding commitments, and what is
 * left (planned - spent - committed); months after `asOf` are projected linearly to the forecast.
 */
export async function execution(db: DbOrTx, chamberId: number, year: number, asOfParam?: string): Promise<Execution> {
  const plan = await findPlanRow(db, chamberId, year)
  const today = ROME_DAY.format(new Date())
  const asOf = asOfParam ?? (today > `${year}-12-31` ? `${year}-12-31` : today)
  const m = monthsElapsed(year, asOf)
  const lines = await lineRows(db, plan.id)
  const sums = await db.selectFrom('budget_posting as p').innerJoin('budget_line as l', 'l.id', 'p.line_id')
    .select(['p.line_id', 'p.kind', 'p.from_commitment', sql<number>`extract(month from p.booked_on)::int`.as('month'),
      sql<number>`sum(p.amount_cents)::int8`.as('cents')])
    .where('l.plan_id', '=', plan.id).where('p.booked_on', '<=', asOf)
    .groupBy(['p.line_id', 'p.kind', 'p.from_commitment', sql`extract(month from p.booked_on)`]).execute()
  // byLine[lineId][month] sums, months 1..12
  const byLine = new Map<number, MonthSums[]>(lines.map((l) => [l.id, Array.from({ length: 13 }, empty)]))
  for (const s of sums) {
    const cell = byLine.get(s.line_id)![s.month]!
    if (s.kind === 'spend') {
      cell.spent += s.cents
      if (s.from_commitment) cell.consumed += s.cents
      else cell.direct += s.cents
    } else if (s.kind === 'commit') cell.commit += s.cents
    else cell.release += s.cents
  }
  const total = (l: MonthSums[], upTo: number, f: (c: MonthSums) => number) => l.slice(1, upTo + 1).reduce((s, c) => s + f(c), 0)
  const outstanding = (l: MonthSums[], upTo: number) => total(l, upTo, (c) => c.commit - c.release - c.consumed)
  const lineFigures = lines.map((l) => {
    const months = byLine.get(l.id)!
    const spent = total(months, 12, (c) => c.spent)
    const committed = outstanding(months, 12)
    const direct = total(months, 12, (c) => c.direct)
    const pace = m > 0 ? divideHalfUp(direct * (12 - m), m) : 0
    const forecast = spent + committed + pace
    return { category: l.category, label: l.label, plannedCents: l.planned_cents, committedCents: committed, spentCents: spent,
      forecastCents: forecast, forecastDifferenceCents: forecast - l.planned_cents }
  })
  const all = [...byLine.values()]
  const planned = lines.reduce((s, l) => s + l.planned_cents, 0)
  const forecast = lineFigures.reduce((s, l) => s + l.forecastCents, 0)
  let cumulative = 0
  const months: Execution['months'] = []
  for (let k = 1; k <= 12; k++) {
    if (k <= m) {
      const spent = all.reduce((s, l) => s + l[k]!.spent, 0)
      cumulative += spent
      const committed = all.reduce((s, l) => s + outstanding(l, k), 0)
      months.push({ month: k, spentCents: spent, cumulativeSpentCents: cumulative, committedCents: committed, remainingCents: planned - cumulative - committed, forecast: false })
    } else {
      const spentSoFar = months.at(-1)?.cumulativeSpentCents ?? 0
      const projected = spentSoFar + divideHalfUp((forecast - spentSoFar) * (k - m), 12 - m)
      months.push({ month: k, spentCents: projected - (months.at(-1)?.cumulativeSpentCents ?? 0), cumulativeSpentCents: projected, committedCents: 0, remainingCents: planned - projected, forecast: true })
    }
  }
  return { year, asOf, monthsElapsed: m, plannedCents: planned, months, lines: lineFigures, forecastCents: forecast, forecastDifferenceCents: forecast - planned }
}

export async function listPostings(db: DbOrTx, chamberId: number, year: number, limit = 200): Promise<Posting[]> {
  const plan = await findPlanRow(db, chamberId, year)
  const rows = await db.selectFrom('budget_posting as p').innerJoin('budget_line as l', 'l.id', 'p.line_id')
    .select(['p.id', 'l.category', 'p.kind', 'p.amount_cents', 'p.from_commitment', 'p.source_module', 'p.source_ref',
      'p.description', 'p.booked_on', 'p.created_at'])
    .where('l.plan_id', '=', plan.id).orderBy('p.booked_on', 'desc').orderBy('p.id', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id, category: r.category, kind: r.kind, amountCents: r.amount_cents, fromCommitment: r.from_commitment,
    source: { module: r.source_module, ref: r.source_ref }, description: r.description, bookedOn: r.booked_on, createdAt: r.created_at.toISOString(),
  }))
}

/** The last day of a month of the plan year: staff costs of March count on 31 March. */
export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0))
  return d.toISOString().slice(0, 10)
}
