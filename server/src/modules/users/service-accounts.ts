import { randomUUID } from 'node:crypto'
import type { DbOrTx } from '../../db/database.ts'

/**
 * Accounts that are not people: a partner's API client acts through one, so what it writes is
 * attributed to it by name in the audit log and in every "created by". It has no password and no
 * role assignment (its token carries its reach), so nobody can sign in with it, and it is not
 * listed among the chamber's users. Its e-mail is a unique placeholder on a reserved domain.
 */
export async function createServiceAccount(db: DbOrTx, name: string): Promise<number> {
  const row = await db.insertInto('app_user')
    .values({ email: `api-client-${randomUUID()}@service.invalid`, name, password_hash: null, status: 'active' })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function renameServiceAccount(db: DbOrTx, userId: number, name: string): Promise<void> {
  await db.updateTable('app_user').set({ name, updated_at: new Date() }).where('id', '=', userId).execute()
}

export async function disableServiceAccount(db: DbOrTx, userId: number): Promise<void> {
  await db.updateTable('app_user').set({ status: 'disabled', updated_at: new Date() }).where('id', '=', userId).execute()
}
