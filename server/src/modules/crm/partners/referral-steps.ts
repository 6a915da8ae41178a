import { sql, type UpdateObject } from 'kysely'
import type { ReferralStatus } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { Database } from '../../../db/schema.ts'
import type { AuditContext } from '../../../core/audit.ts'
import { conflict } from '../../../core/errors.ts'

/**
 * Moves a referral from one of `from` to `to`, and writes the step. The rule lives in the database:
 * the UPDATE only matches while the status is still one of `from`, so of two concurrent answers one
 * wins and the other gets 409. The row is locked first so the step records the status it really left.
 */
export async function moveReferral(tx: DbOrTx, ctx: AuditContext, referralId: number, move: {
  from: readonly ReferralStatus[]
  to: ReferralStatus
  note?: string | null
  set?: UpdateObject<Database, 'referral'>
  refusal: string
}): Promise<ReferralStatus> {
  const current = await tx.selectFrom('referral').select('status').where('id', '=', referralId).forUpdate().executeTakeFirstOrThrow()
  const moved = await tx.updateTable('referral').set({ ...move.set, status: move.to, updated_at: sql`now()` })
    .where('id', '=', referralId).where('status', 'in', [...move.from]).returning('id').executeTakeFirst()
  if (!moved) throw conflict(`${move.refusal} (the referral is ${current.status})`)
  await tx.insertInto('referral_step').values({
    referral_id: referralId, from_status: current.status, to_status: move.to, note: move.note ?? null, actor_id: ctx.actorId,
  }).execute()
  return current.status as ReferralStatus
}
