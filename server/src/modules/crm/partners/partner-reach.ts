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

/** Those of the organisations that have an agreement in force with the chamber (who may hear of its firms). */
export async function partnersInForceWith(db: DbOrTx, chamberId: number, partnerIds: readonly number[]): Promise<number[]> {
  if (partnerIds.length === 0) return []
  const rows = await db.selectFrom('partner_agreement as a').select('a.partner_id').distinct()
    .where('a.chamber_id', '=', chamberId).where('a.partner_id', 'in', partnerIds).where(agreementInForce('a')).execute()
  return rows.map((r) => Number(r.partner_id))
}

/** Whether the organisation has an agreement with the chamber that has not ended (in force or signed to start). */
export async function partnerHasAgreement(db: DbOrTx, partnerId: number, chamberId: number): Promise<boolean> {
  const row = await db.selectFrom('partner_agreement as a').select('a.id')
    .where('a.partner_id', '=', partnerId).where('a.chamber_id', '=', chamberId).where(agreementNotEnded('a'))
    .executeTakeFirst()
  return row !== undefined
}

/** The organisations a firm is related to: it registered the firm, got a referral of it, or holds its consent. */
export async function partnersOfFirm(db: DbOrTx, firmId: number): Promise<number[]> {
  const rows = await sql<{ partner_id: number }>`
    SELECT registered_by_partner_id AS partner_id FROM firm WHERE id = ${firmId} AND registered_by_partner_id IS NOT NULL
    UNION SELECT partner_id FROM referral WHERE firm_id = ${firmId}
    UNION SELECT partner_id FROM firm_partner_consent WHERE firm_id = ${firmId} AND withdrawn_at IS NULL`.execute(db)
  return rows.rows.map((r) => Number(r.partner_id))
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
