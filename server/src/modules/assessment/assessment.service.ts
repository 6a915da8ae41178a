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

  /** A plan item of kind 'mentoring' (mentoring opens a request from it), or null. */
  async mentoringPlanItem(db: DbOrTx, id: number): Promise<{ id: number; firmId: number; chamberId: number; dimension: string | null; title: string; status: string } | null> {
    const r = await db.selectFrom('assessment_plan_item').select(['id', 'firm_id', 'chamber_id', 'dimension', 'title', 'status'])
      .where('id', '=', id).where('kind', '=', 'mentoring').executeTakeFirst()
    return r ? { id: r.id, firmId: r.firm_id, chamberId: r.chamber_id, dimension: r.dimension, title: r.title, status: r.status } : null
  }
}
