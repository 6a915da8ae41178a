import { sql } from 'kysely'
import { REFERRAL_OPEN_STATUSES, type Referral, type ReferralDetail, type ReferralFeedback, type ReferralListQuery, type ReferralStatus } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { FirmAccess } from '../access.ts'
import { idCursor, pageById } from './paging.ts'

const OPEN = [...REFERRAL_OPEN_STATUSES]
/** Open and past its due date; "today" is the database's, the same clock the list filter uses. */
const isOverdue = sql<boolean>`(r.due_on < current_date and r.status in (${sql.join(OPEN)}))`

/** Referrals with the firm's and the partner's names, overdue computed in the same query. */
export function referralQuery(db: DbOrTx) {
  return db.selectFrom('referral as r')
    .innerJoin('firm as f', 'f.id', 'r.firm_id')
    .innerJoin('partner as p', 'p.id', 'r.partner_id')
    .select(['r.id', 'r.chamber_id', 'r.firm_id', 'f.name as firm_name', 'r.partner_id', 'p.name as partner_name', 'r.need',
      'r.status', 'r.due_on', 'r.feedback', 'r.created_by', 'r.created_at', 'r.responded_at', 'r.completed_at', 'r.updated_at',
      isOverdue.as('overdue'),
      sql<number>`case when ${isOverdue} then current_date - r.due_on else 0 end`.as('days_overdue')])
}
type ReferralRow = Awaited<ReturnType<ReturnType<typeof referralQuery>['executeTakeFirstOrThrow']>>

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const toReferral = (r: ReferralRow): Referral => ({
  id: r.id, chamberId: r.chamber_id, firmId: r.firm_id, firmName: r.firm_name, partnerId: r.partner_id,
  partnerName: r.partner_name, need: r.need, status: r.status as ReferralStatus, dueOn: r.due_on,
  overdue: Boolean(r.overdue), daysOverdue: Number(r.days_overdue),
  feedback: r.feedback as ReferralFeedback | null, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
  respondedAt: iso(r.responded_at), completedAt: iso(r.completed_at), updatedAt: r.updated_at.toISOString(),
})

/**
 * One referral of the chamber as the actor may see it: a partner user only its organisation's
 * (another organisation's referral is simply not found).
 */
export async function findReferral(db: DbOrTx, access: FirmAccess, referralId: number): Promise<Referral | undefined> {
  let q = referralQuery(db).where('r.id', '=', referralId).where('r.chamber_id', '=', access.chamberId)
  if (access.partnerId !== null) q = q.where('r.partner_id', '=', access.partnerId)
  const row = await q.executeTakeFirst()
  return row && toReferral(row)
}

/** The chamber's referrals, newest first, keyset-paged on id. */
export async function listReferrals(db: DbOrTx, access: FirmAccess, query: ReferralListQuery) {
  const limit = query.limit ?? 50
  const before = idCursor(query.cursor)
  let q = referralQuery(db).where('r.chamber_id', '=', access.chamberId).orderBy('r.id', 'desc').limit(limit + 1)
  if (access.partnerId !== null) q = q.where('r.partner_id', '=', access.partnerId)
  if (query.partnerId !== undefined) q = q.where('r.partner_id', '=', query.partnerId)
  if (query.status !== undefined) q = q.where('r.status', '=', query.status)
  if (query.overdue === true) q = q.where('r.status', 'in', OPEN).where('r.due_on', '<', sql<string>`current_date`)
  if (query.overdue === false) q = q.where(sql<boolean>`not ${isOverdue}`)
  if (before !== undefined) q = q.where('r.id', '<', before)
  return pageById((await q.execute()).map(toReferral), limit)
}

/** A firm's referrals (a handful per firm: no paging); a partner user sees only its own. */
/** A firm's referrals, newest first: a keyset page after `cursor` (the last id seen). */
export async function firmReferrals(db: DbOrTx, access: FirmAccess, firmId: number, page: { cursor?: string; limit: number }): Promise<{ items: Referral[]; nextCursor: string | null }> {
  const after = idCursor(page.cursor)
  let q = referralQuery(db).where('r.firm_id', '=', firmId).where('r.chamber_id', '=', access.chamberId).orderBy('r.id', 'desc').limit(page.limit + 1)
  if (access.partnerId !== null) q = q.where('r.partner_id', '=', access.partnerId)
  if (after !== undefined) q = q.where('r.id', '<', after)
  return pageById((await q.execute()).map(toReferral), page.limit)
}

export async function referralDetail(db: DbOrTx, referral: Referral): Promise<ReferralDetail> {
  const steps = await db.selectFrom('referral_step as s').leftJoin('app_user as u', 'u.id', 's.actor_id')
    .select(['s.from_status', 's.to_status', 's.note', 's.actor_id', 'u.name', 's.at'])
    .where('s.referral_id', '=', referral.id).orderBy('s.id').execute()
  return {
    ...referral,
    history: steps.map((s) => ({
      fromStatus: s.from_status as ReferralStatus | null, toStatus: s.to_status as ReferralStatus, note: s.note,
      actorId: s.actor_id, actorName: s.name, at: s.at.toISOString(),
    })),
  }
}
