import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'

/**
 * Takes one of the event's places, or answers false when none is left. One conditional UPDATE: the
 * row lock serialises competing registrations, and the check constraint `seats_taken <= capacity`
 * stands behind it, so the last places are never given twice. Call it as late as possible in the
 * transaction (the lock is held until commit). Public registrations take their places a batch at a
 * time instead (registration-batch.ts: the event locked first, one UPDATE for the batch's places).
 */
export async function takeSeat(db: DbOrTx, eventId: number): Promise<boolean> {
  const taken = await db.updateTable('ec_event').set({ seats_taken: sql`seats_taken + 1` })
    .where('id', '=', eventId).where('seats_taken', '<', sql<number>`capacity`).executeTakeFirst()
  return taken.numUpdatedRows === 1n
}
