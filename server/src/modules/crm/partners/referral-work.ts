import { sql } from 'kysely'
import { REFERRAL_OPEN_STATUSES } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import type { WorkSources } from '../../../core/work.ts'

const openReferrals = (db: Db, chamberId: number) => db.selectFrom('referral')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('chamber_id', '=', chamberId).where('status', 'in', [...REFERRAL_OPEN_STATUSES])

/** The referrals staff follow up: past their due date, and due within the week. */
export function registerReferralWork(work: WorkSources): void {
  work.register({
    kind: 'referrals_overdue', action: 'crm.referrals.write', route: 'referrals', query: { scadute: '1' },
    count: async (db, chamberId) => Number((await openReferrals(db, chamberId)
      .where('due_on', '<', sql<string>`current_date`).executeTakeFirstOrThrow()).n),
  })
  work.register({
    kind: 'referrals_due_soon', action: 'crm.referrals.write', route: 'referrals',
    count: async (db, chamberId) => Number((await openReferrals(db, chamberId)
      .where('due_on', '>=', sql<string>`current_date`).where('due_on', '<', sql<string>`current_date + 7`).executeTakeFirstOrThrow()).n),
  })
}
