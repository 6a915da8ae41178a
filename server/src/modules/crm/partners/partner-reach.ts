import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'
import { agreementInForce, agreementNotEnded } from './agreement-sql.ts'

/**
 * What other modules ask about a partner organisation's reach: the chambers it has an agreement
 * with, the firms it is related to, the accounts that act for it (the partner API's clients).
 */

/** The chambers the organisation has an agreement in force with, by short name. */
export async function partnerChambers(db: DbOrTx, partnerId: number): Promise<{ id: number; shortName: string }[]> {
  return db.selectFrom('partner_agreement as a').innerJoin('chamber as c', 'c.id', 'a.chamber_id')
    .select(['c.id', 'c.short_name as shortName'])
    .where('a.partner_id', '=', partnerId).where(agreementInForce('a'))
    .groupBy(['c.id', 'c.short_name']).orderBy('c.short_name').execute()
}

/** Which of the organisations have an agreement in force with which of the chambers (who may hear of their firms), in one query. */
export async function partnersInForceWith(db: DbOrTx, chamberIds: readonly number[], partnerIds: readonly number[]): Promise<{ chamberId: number; partnerId: number }[]> {
  if (chamberIds.length === 0 || partnerIds.length === 0) return []
  const rows = await db.selectFrom('partner_agreement as a').select(['a.chamber_id', 'a.partner_id']).distinct()
    .where('a.chamber_id', 'in', [...new Set(chamberIds)]).where('a.partner_id', 'in', [...new Set(partnerIds)]).where(agreementInForce('a')).execute()
  return rows.map((r) => ({ chamberId: Number(r.chamber_id), partnerId: Number(r.partner_id) }))
}

/** Whether the organisation has an agreement with the chamber that has not ended (in force or signed to start). */
export async function partnerHasAgreement(db: DbOrTx, partnerId: number, chamberId: number): Promise<boolean> {
  const row = await db.selectFrom('partner_agreement as a').select('a.id')
    .where('a.partner_id', '=', partnerId).where('a.chamber_id', '=', chamberId).where(agreementNotEnded('a'))
    .executeTakeFirst()
  return row !== undefined
}

/** The organisations each firm is related to (registered it, got a referral of it, hold its consent), in one query. */
export async function partnersOfFirms(db: DbOrTx, firmIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (firmIds.length === 0) return out
  const ids = [...new Set(firmIds)]
  const rows = await sql<{ firm_id: number; partner_id: number }>`
    SELECT id AS firm_id, registered_by_partner_id AS partner_id FROM firm WHERE id = ANY(${ids}::bigint[]) AND registered_by_partner_id IS NOT NULL
    UNION SELECT firm_id, partner_id FROM referral WHERE firm_id = ANY(${ids}::bigint[])
    UNION SELECT firm_id, partner_id FROM firm_partner_consent WHERE firm_id = ANY(${ids}::bigint[]) AND withdrawn_at IS NULL`.execute(db)
  for (const r of rows.rows) out.set(Number(r.firm_id), [...(out.get(Number(r.firm_id)) ?? []), Number(r.partner_id)])
  return out
}

/** Links an account (an API client's service account) to the organisation it acts for. */
export async function linkPartnerAccount(db: DbOrTx, userId: number, partnerId: number): Promise<void> {
  await db.insertInto('partner_member').values({ user_id: userId, partner_id: partnerId }).execute()
}

/** The organisations that have an agreement with the chamber that has not ended. */
export async function partnersOfChamber(db: DbOrTx, chamberId: number): Promise<number[]> {
  const rows = await db.selectFrom('partner_agreement as a').select('a.partner_id').distinct()
    .where('a.chamber_id', '=', chamberId).where(agreementNotEnded('a')).execute()
  return rows.map((r) => r.partner_id)
}
