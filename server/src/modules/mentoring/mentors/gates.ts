import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'

/** Why a mentor may not be matched with a firm now (empty: nothing blocks it). */
export type MatchBlocker = 'mentor_not_active' | 'mentor_code_not_accepted' | 'mentor_conflict_of_interest'

/**
 * The gates every match passes (a proposal, and the mentor's acceptance): the mentor is active,
 * has accepted the code of conduct's current version, and declared no conflict of interest that
 * names the firm (alone or in a group). One query, for any number of mentors.
 */
export async function matchBlockers(db: DbOrTx, firmId: number, mentorIds: readonly number[]): Promise<Map<number, MatchBlocker[]>> {
  // A mentor that does not exist is not active: nothing lets an unknown id through.
  const out = new Map<number, MatchBlocker[]>(mentorIds.map((id) => [id, ['mentor_not_active']]))
  if (mentorIds.length === 0) return out
  const rows = await db.selectFrom('mentor as m')
    .select(['m.id', 'm.status'])
    .select(sql<boolean>`coalesce((SELECT max(version) FROM mentoring_code_version) IS NULL
      OR EXISTS (SELECT 1 FROM mentor_code_acceptance a WHERE a.mentor_id = m.id
        AND a.version = (SELECT max(version) FROM mentoring_code_version)), false)`.as('accepted'))
    .select(sql<boolean>`EXISTS (SELECT 1 FROM mentor_conflict c WHERE c.mentor_id = m.id AND c.removed_at IS NULL
      AND c.firm_ids @> ARRAY[${firmId}]::bigint[])`.as('conflict'))
    .where('m.id', 'in', [...mentorIds]).execute()
  for (const r of rows) {
    const reasons: MatchBlocker[] = []
    if (r.status !== 'active') reasons.push('mentor_not_active')
    if (!r.accepted) reasons.push('mentor_code_not_accepted')
    if (r.conflict) reasons.push('mentor_conflict_of_interest')
    out.set(r.id, reasons)
  }
  return out
}
