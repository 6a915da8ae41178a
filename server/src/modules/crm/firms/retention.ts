import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { systemContext } from '../../../core/audit.ts'
import { eraseContact } from './erasure.ts'

export const RETENTION_QUEUE = 'crm.retention'
const DEFAULT_MONTHS = 36
const BATCH = 200

/** The daily retention run, at 03:00 Rome time (a job-queue schedule). */
export const RETENTION_HOUR = 3

/**
 * The retention job: erases the contacts with no activity for longer than their chamber's retention
 * period (crm_settings, default 36 months). Activity is the contact's last_activity_at or the
 * latest timeline event naming them. Works in batches, each its own transaction. Returns how many
 * people it erased.
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
  return erased
}
