import type { Action } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import { notFound } from '../../../core/errors.ts'
import { firmAccess, visibleFirms, type FirmAccess } from '../access.ts'

export interface VisibleFirm {
  id: number
  chamberId: number
  name: string
  stage: number
  stageChangedAt: Date | null
  access: FirmAccess
}

/**
 * Loads a firm of the chamber the actor may see: 404 for a firm of another chamber, a merged duplicate
 * or one a partner user's organisation is not related to (403 without an agreement in force, from firmAccess).
 */
export async function visibleFirm(db: DbOrTx, actor: Actor, chamberId: number, firmId: number, action: Action): Promise<VisibleFirm> {
  const access = await firmAccess(db, actor, chamberId, action)
  const firm = await db.selectFrom('firm as f')
    .select(['f.id', 'f.chamber_id', 'f.name', 'f.stage', 'f.stage_changed_at'])
    .where('f.id', '=', firmId)
    .where(visibleFirms(access))
    .executeTakeFirst()
  if (!firm) throw notFound('firm')
  return { id: firm.id, chamberId: firm.chamber_id, name: firm.name, stage: firm.stage, stageChangedAt: firm.stage_changed_at, access }
}
