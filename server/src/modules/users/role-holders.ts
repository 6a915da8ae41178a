import { sql } from 'kysely'
import type { Role } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'

export interface RoleHolder { id: number; name: string; email: string; status: 'invited' | 'active' | 'disabled' }

/**
 * A user by id or e-mail (case-insensitive) together with whether it holds `role` in the chamber:
 * other modules (firm access) check who they may attach to their rows without reading this module's tables.
 */
export async function findRoleHolder(db: DbOrTx, who: { userId: number } | { email: string }, role: Role, chamberId: number):
  Promise<{ user: RoleHolder | null; holdsRole: boolean }> {
  let q = db.selectFrom('app_user as u').select(['u.id', 'u.name', 'u.email', 'u.status',
    (eb) => eb.exists(eb.selectFrom('role_assignment as ra').select(sql`1`.as('one'))
      .whereRef('ra.user_id', '=', 'u.id').where('ra.role', '=', role).where('ra.chamber_id', '=', chamberId)).as('holds')])
  q = 'userId' in who ? q.where('u.id', '=', who.userId) : q.where(sql`lower(u.email)`, '=', who.email.toLowerCase())
  const row = await q.executeTakeFirst()
  if (!row) return { user: null, holdsRole: false }
  return { user: { id: row.id, name: row.name, email: row.email, status: row.status }, holdsRole: Boolean(row.holds) }
}
