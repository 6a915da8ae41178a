import { sql } from 'kysely'
import type { FirmMergeHandler } from '../crm/index.ts'
import { conflict } from '../../core/errors.ts'

/**
 * Two firm records turn out to be one firm (CRM merge): its voucher applications move to the kept
 * firm. One application per firm per call: when both records applied to the same call, the merge is
 * refused (the chamber settles which application stands first: withdrawing one is the firm's act).
 */
export const mergeApplications: FirmMergeHandler = async (tx, { fromId, intoId }) => {
  const clash = await sql<{ call_id: number }>`SELECT a.call_id FROM voucher_application a JOIN voucher_application b
    ON b.call_id = a.call_id AND b.firm_id = ${intoId} WHERE a.firm_id = ${fromId} LIMIT 1`.execute(tx)
  if (clash.rows.length) throw conflict(`both firms applied to voucher call ${clash.rows[0]!.call_id}: one application must be withdrawn first`)
  const moved = await tx.updateTable('voucher_application').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute()
  return Number(moved[0]?.numUpdatedRows ?? 0)
}
