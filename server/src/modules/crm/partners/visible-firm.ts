import type { DbOrTx } from '../../../db/database.ts'
import { forbidden, notFound } from '../../../core/errors.ts'
import { visibleFirms, type FirmAccess } from '../access.ts'

/** The firm of the path if the actor may see it; 404 otherwise, so nobody learns which firms exist. */
export async function visibleFirm(db: DbOrTx, access: FirmAccess, firmId: number): Promise<{ id: number; name: string; chamberId: number }> {
  const firm = await db.selectFrom('firm as f').select(['f.id', 'f.name', 'f.chamber_id'])
    .where('f.id', '=', firmId).where(visibleFirms(access)).executeTakeFirst()
  if (!firm) throw notFound('firm')
  return { id: firm.id, name: firm.name, chamberId: firm.chamber_id }
}

/** Some writes are the PID staff's own (consents, referrals): a partner user may not make them. */
export function staffOnly(access: FirmAccess, what: string): void {
  if (access.partnerId !== null) throw forbidden(`only the chamber's staff ${what}`)
}
