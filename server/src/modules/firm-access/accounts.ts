import { sql, type ExpressionBuilder } from 'kysely'
import type { FirmAccount } from '@pid/shared'
import type { Database } from '../../db/schema.ts'
import type { DbOrTx } from '../../db/database.ts'
import { decodeKeyCursor, encodeKeyCursor } from '../../core/paging.ts'
import type { FirmMergeHandler } from '../crm/index.ts'

/**
 * Firm accounts (table firm_user_account): which firm_user logins act for which firms. A link counts
 * only while its account still holds the firm_user role in the firm's chamber; the same condition
 * checks every request of a session opened from it (core/auth/firm-access.ts, ACCOUNT_IN_FORCE).
 */
const stillFirmUser = (eb: ExpressionBuilder<Database & { a: Database['firm_user_account'] }, 'a'>) =>
  eb.exists(eb.selectFrom('role_assignment as r').select(sql`1`.as('one'))
    .whereRef('r.user_id', '=', 'a.user_id').whereRef('r.chamber_id', '=', 'a.chamber_id').where('r.role', '=', 'firm_user'))

function accountsOf(db: DbOrTx) {
  return db.selectFrom('firm_user_account as a').innerJoin('app_user as u', 'u.id', 'a.user_id')
    .leftJoin('app_user as c', 'c.id', 'a.created_by')
    .select((eb) => ['a.user_id', 'a.firm_id', 'a.created_at', 'u.name', 'u.email', 'u.status', 'c.id as by_id', 'c.name as by_name',
      stillFirmUser(eb).as('holds_role')])
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountsOf>['executeTakeFirstOrThrow']>>

const toFirmAccount = (r: AccountRow): FirmAccount => ({
  userId: r.user_id, firmId: r.firm_id, name: r.name, email: r.email, linkedAt: r.created_at.toISOString(),
  linkedBy: r.by_id ? { id: r.by_id, name: r.by_name ?? '' } : null, active: r.status === 'active' && Boolean(r.holds_role),
})

/** The accounts linked to the firm, by name: a keyset page on (name, user id) after the opaque `cursor`. */
export async function listFirmAccounts(db: DbOrTx, firmId: number, page: { cursor?: string; limit: number }): Promise<{ items: FirmAccount[]; nextCursor: string | null }> {
  const after = decodeKeyCursor(page.cursor, (k): k is [string, number] => k.length === 2 && typeof k[0] === 'string' && Number.isSafeInteger(k[1]))
  const rows = await accountsOf(db).where('a.firm_id', '=', firmId)
    .$if(after !== undefined, (q) => q.where(sql<boolean>`(u.name, a.user_id) > (${after![0]}::text, ${after![1]}::bigint)`))
    .orderBy('u.name').orderBy('a.user_id').limit(page.limit + 1).execute()
  const items = rows.slice(0, page.limit)
  const last = items[items.length - 1]
  return { items: items.map(toFirmAccount), nextCursor: rows.length > page.limit && last ? encodeKeyCursor([last.name, last.user_id]) : null }
}

export async function findFirmAccount(db: DbOrTx, firmId: number, userId: number): Promise<FirmAccount | null> {
  const row = await accountsOf(db).where('a.firm_id', '=', firmId).where('a.user_id', '=', userId).executeTakeFirst()
  return row ? toFirmAccount(row) : null
}

/** Links the account to the firm: the link's id, or null when it already was linked. */
export async function insertFirmAccount(db: DbOrTx, a: { userId: number; firmId: number; chamberId: number; createdBy: number | null }): Promise<number | null> {
  const row = await db.insertInto('firm_user_account')
    .values({ user_id: a.userId, firm_id: a.firmId, chamber_id: a.chamberId, created_by: a.createdBy })
    .onConflict((oc) => oc.columns(['user_id', 'firm_id']).doNothing()).returning('id').executeTakeFirst()
  return row?.id ?? null
}

/** Unlinks the account from the firm: the link's id, or null when there was none. */
export async function deleteFirmAccount(db: DbOrTx, firmId: number, userId: number): Promise<number | null> {
  const row = await db.deleteFrom('firm_user_account').where('firm_id', '=', firmId).where('user_id', '=', userId)
    .returning('id').executeTakeFirst()
  return row?.id ?? null
}

/** The firms the account acts for now (the firm user role still held in each firm's chamber). */
export async function accountFirmIds(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('firm_user_account as a').select('a.firm_id')
    .where('a.user_id', '=', userId).where(stillFirmUser).limit(200).execute()
  return rows.map((r) => r.firm_id)
}

/** The link through which the account acts for this firm now, if it does. */
export async function accountLinkFor(db: DbOrTx, userId: number, firmId: number): Promise<number | null> {
  const row = await db.selectFrom('firm_user_account as a').select('a.id')
    .where('a.user_id', '=', userId).where('a.firm_id', '=', firmId).where(stillFirmUser).executeTakeFirst()
  return row?.id ?? null
}

/**
 * Two firm records found to be one firm: the accounts of the merged one act for the kept one (an
 * account linked to both keeps its one link). A session opened for the merged firm ends.
 */
export const mergeFirmAccounts: FirmMergeHandler = async (tx, { fromId, intoId }) => {
  const moved = await tx.updateTable('firm_user_account as a').set({ firm_id: intoId }).where('a.firm_id', '=', fromId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('firm_user_account as b').select(sql`1`.as('one'))
      .whereRef('b.user_id', '=', 'a.user_id').where('b.firm_id', '=', intoId))))
    .executeTakeFirst()
  await tx.deleteFrom('firm_user_account').where('firm_id', '=', fromId).execute()
  return Number(moved.numUpdatedRows)
}
