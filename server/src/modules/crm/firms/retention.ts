import { sql } from 'kysely'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { systemContext } from '../../../core/audit.ts'
import { enqueue } from '../../../core/jobs.ts'
import { eraseContact } from './erasure.ts'

export const RETENTION_QUEUE = 'crm.retention'
const DEFAULT_MONTHS = 36
const BATCH = 200

/**
 * Makes sure exactly one retention run is pending (by default at 03:00 tomorrow, Rome time).
 * "Pending" excludes the run in progress (its lease is held), so that run can schedule the next
 * one. Call it inside a transaction: the advisory lock serialises instances starting together.
 */
export async function scheduleRetention(tx: DbOrTx, runAt?: Date): Promise<boolean> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${RETENTION_QUEUE}))`.execute(tx)
  const pending = await tx.selectFrom('job').select('id')
    .where('queue', '=', RETENTION_QUEUE).where('done_at', 'is', null).where('failed_at', 'is', null)
    .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
    .executeTakeFirst()
  if (pending) return false
  const at = runAt ?? (await sql<{ at: Date }>`SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Rome') + interval '1 day 3 hours')
    AT TIME ZONE 'Europe/Rome' AS at`.execute(tx)).rows[0]!.at
  await enqueue(tx, RETENTION_QUEUE, {}, at)
  return true
}

/**
 * The retention job: erases the contacts with no activity for longer than their chamber's retention
 * period (crm_settings, default 36 months). Activity is the contact's last_activity_at or the
 * latest timeline event naming them. Works in batches, each its own transaction, then schedules
 * the next day's run. Returns how many people it erased.
 */
export async function runRetention(db: Db): Promise<number> {
  const ctx = systemContext(RETENTION_QUEUE)
  // The shortest period in force bounds the search, so the partial index on last_activity_at serves it.
  const shortest = (await db.selectFrom('crm_settings').select((eb) => eb.fn.min('contact_retention_months').as('m'))
    .executeTakeFirst())?.m
  const bound = Math.min(DEFAULT_MONTHS, shortest ?? DEFAULT_MONTHS)
  const months = sql<number>`coalesce(s.contact_retention_months, ${DEFAULT_MONTHS})`
  let erased = 0
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('contact as c')
        .innerJoin('firm as f', 'f.id', 'c.firm_id')
        .leftJoin('crm_settings as s', 's.chamber_id', 'f.chamber_id')
        .selectAll('c').select(['f.chamber_id', months.as('months')])
        .where('c.erased_at', 'is', null)
        .where('c.last_activity_at', '<', sql<Date>`now() - make_interval(months => ${bound})`)
        .where('c.last_activity_at', '<', sql<Date>`now() - make_interval(months => ${months})`)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('timeline_event as t').select(sql`1`.as('one'))
          .whereRef('t.contact_id', '=', 'c.id')
          .where('t.occurred_at', '>=', sql<Date>`now() - make_interval(months => ${months})`))))
        .orderBy('c.id').limit(BATCH)
        .forUpdate('c').skipLocked()
        .execute()
      for (const r of rows) {
        await eraseContact(tx, ctx, r.chamber_id, r, `retention: no activity for more than ${r.months} months`)
      }
      return rows.length
    })
    erased += n
    if (n < BATCH) break
  }
  await db.transaction().execute((tx) => scheduleRetention(tx))
  return erased
}
