import { sql } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { FigureSources, MonthlyFact } from '../../core/figures.ts'
import type { CrmService } from '../crm/index.ts'

/**
 * Brings the aggregates up to date from every registered source (never from another module's
 * tables): the facts of the months of the range are replaced as a whole, with the funnel snapshot,
 * in one transaction, so a reader sees either the old figures or the new ones. Refreshes are
 * serialised by an advisory lock: the minute's, the night's and a start's never interleave.
 */

/** Before anything the platform records (the network's first PID year is 2017): a full refresh starts here. */
export const FIRST_MONTH = '2000-01-01'
const LOCK = 16_0051
const CHUNK = 5000

export interface RefreshDeps { figures: FigureSources; crm: CrmService }

/** The first day of this month and of the previous one, in Rome, 'YYYY-MM-DD'. */
export function currentMonths(now = new Date()): { previous: string; current: string } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' })
    .format(now).split('-').map(Number) as [number, number]
  const prev = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10)
  return { previous: prev, current: `${y}-${String(m).padStart(2, '0')}-01` }
}

/** One fact per key (sources promise it; summing makes a slip harmless rather than a failed refresh). */
function merged(facts: readonly MonthlyFact[]): MonthlyFact[] {
  const byKey = new Map<string, MonthlyFact>()
  for (const f of facts) {
    if (f.value === 0) continue
    const key = `${f.chamberId}|${f.month}|${f.metric}|${f.section}|${f.sizeClass}`
    const seen = byKey.get(key)
    if (seen) seen.value += f.value
    else byKey.set(key, { ...f })
  }
  return [...byKey.values()]
}

async function insertFacts(tx: Tx, facts: readonly MonthlyFact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += CHUNK) {
    const part = facts.slice(i, i + CHUNK)
    const col = <T>(fn: (f: MonthlyFact) => T) => part.map(fn)
    await sql`INSERT INTO monitoring_fact (chamber_id, month, metric, ateco_section, size_class, value)
      SELECT * FROM unnest(${col((f) => f.chamberId)}::bigint[], ${col((f) => f.month)}::date[], ${col((f) => f.metric)}::text[],
        ${col((f) => f.section)}::text[], ${col((f) => f.sizeClass)}::text[], ${col((f) => f.value)}::bigint[])`.execute(tx)
  }
}

/**
 * Recomputes the months from..to (first days) from every source, and the funnel; `full` also
 * drops every fact outside the range (a full rebuild). Returns how many fact rows were written.
 */
export async function refresh(db: Db, deps: RefreshDeps, range: { from: string; to: string }, full = false): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK})`.execute(tx)
    const facts: MonthlyFact[] = []
    for (const source of deps.figures.all()) {
      for (const f of await source.monthly(tx, range)) {
        if (!source.metrics.includes(f.metric)) throw new Error(`${source.module}: fed ${f.metric}, which it did not declare`)
        facts.push(f)
      }
    }
    const rows = merged(facts)
    let del = tx.deleteFrom('monitoring_fact')
    if (!full) del = del.where('month', '>=', range.from).where('month', '<=', range.to)
    await del.execute()
    await insertFacts(tx, rows)

    const cells = await deps.crm.funnelSnapshot(tx)
    await tx.deleteFrom('monitoring_stage').execute()
    for (let i = 0; i < cells.length; i += CHUNK) {
      await tx.insertInto('monitoring_stage').values(cells.slice(i, i + CHUNK).map((c) => ({
        chamber_id: c.chamberId, stage: c.stage, ateco_section: c.section, size_class: c.sizeClass, firms: c.firms,
      }))).execute()
    }
    await tx.updateTable('monitoring_state').set(full ? { refreshed_at: sql`now()`, full_refreshed_at: sql`now()` } : { refreshed_at: sql`now()` })
      .where('id', '=', true).execute()
    return rows.length
  })
}

/** The minute's refresh: this month and the previous one (late entries land in the month they happened). */
export async function refreshRecent(db: Db, deps: RefreshDeps, now = new Date()): Promise<number> {
  const { previous, current } = currentMonths(now)
  return refresh(db, deps, { from: previous, to: current })
}

/** The night's rebuild (and a first start's): every month from the first data to this one. */
export async function refreshAll(db: Db, deps: RefreshDeps, now = new Date()): Promise<number> {
  return refresh(db, deps, { from: FIRST_MONTH, to: currentMonths(now).current }, true)
}

/** Whether the fact table is empty (a new installation, a restored database without aggregates): then a start rebuilds them. */
export async function noFacts(db: Db): Promise<boolean> {
  return !(await db.selectFrom('monitoring_fact').select('chamber_id').limit(1).executeTakeFirst())
}
