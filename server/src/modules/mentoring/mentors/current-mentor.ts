import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'

/** The mentor record of a signed-in user (the mentor area's routes), or null. */
export async function mentorIdOfUser(db: DbOrTx, userId: number): Promise<number | null> {
  const row = await db.selectFrom('mentor').select('id').where('user_id', '=', userId).executeTakeFirst()
  return row?.id ?? null
}

/** The mentor area's own record: 404 for a user that holds the mentor role but has no mentor record. */
export async function currentMentorId(db: DbOrTx, userId: number): Promise<number> {
  const id = await mentorIdOfUser(db, userId)
  if (id === null) throw notFound('mentor')
  return id
}
