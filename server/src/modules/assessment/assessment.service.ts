import type { DbOrTx } from '../../db/database.ts'

/** A firm's latest completed self-assessment, as other modules may know it. */
export interface CompletedAssessment {
  id: number
  submittedAt: Date
  level: number
  /** 0-100 */
  overall: number
  /** Each dimension's score (0-100) by dimension key, e.g. { strategy: 40, data: 25 }. */
  scores: Record<string, number>
}

/**
 * The assessment module's interface to the others (a voucher call that requires a completed
 * self-assessment asks here; mentoring reads a firm's weakest dimensions and its maturity before
 * and after; neither reads the assessment tables).
 */
export class AssessmentService {
  /** Each firm's latest submitted self-assessment (firms without one are absent). */
  async latestCompleted(db: DbOrTx, firmIds: readonly number[]): Promise<Map<number, CompletedAssessment>> {
    if (firmIds.length === 0) return new Map()
    const rows = await db.selectFrom('assessment').select(['id', 'firm_id', 'submitted_at', 'level', 'overall', 'scores'])
      .where('firm_id', 'in', [...firmIds]).where('is_latest', '=', true).execute()
    return new Map(rows.map((r) => [r.firm_id, { id: r.id, submittedAt: r.submitted_at!, level: r.level!, overall: r.overall!, scores: r.scores ?? {} }]))
  }
}
