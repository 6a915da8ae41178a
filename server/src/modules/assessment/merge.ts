import { sql } from 'kysely'
import type { FirmMergeHandler } from '../crm/index.ts'

/**
 * Two firm records turn out to be one firm (CRM merge): its assessments and plan items move to the
 * kept firm. One draft and one "latest" per firm: the kept firm's draft wins (the merged one's is
 * unsubmitted work on the same questions, dropped), and the most recently submitted assessment of
 * the two stays the latest, so the benchmark counts the firm once.
 */
export const mergeAssessments: FirmMergeHandler = async (tx, { fromId, intoId }) => {
  await sql`DELETE FROM assessment a WHERE a.firm_id = ${fromId} AND a.status = 'draft'
    AND EXISTS (SELECT 1 FROM assessment k WHERE k.firm_id = ${intoId} AND k.status = 'draft')`.execute(tx)
  await sql`UPDATE assessment SET is_latest = false WHERE firm_id IN (${fromId}, ${intoId}) AND is_latest`.execute(tx)
  const moved = await tx.updateTable('assessment').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute()
  await sql`UPDATE assessment SET is_latest = true WHERE id = (SELECT id FROM assessment
    WHERE firm_id = ${intoId} AND status = 'submitted' ORDER BY submitted_at DESC, id DESC LIMIT 1)`.execute(tx)
  await tx.updateTable('assessment_plan_item').set({ firm_id: intoId }).where('firm_id', '=', fromId).execute()
  return Number(moved[0]?.numUpdatedRows ?? 0)
}
