import type { Action } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import { firmAccess, visibleFirm, type FirmAccess, type VisibleFirm } from '../access.ts'

/** The actor's access to the chamber for `action`, and the firm of the path within it (404 if out of reach). */
export async function firmInReach(db: DbOrTx, actor: Actor, chamberId: number, firmId: number, action: Action): Promise<VisibleFirm & { access: FirmAccess }> {
  const access = await firmAccess(db, actor, chamberId, action)
  return { ...(await visibleFirm(db, access, firmId)), access }
}
