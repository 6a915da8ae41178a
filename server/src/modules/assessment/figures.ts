import { sql } from 'kysely'
import { rangeEnd, rangeStart, romeMonth, toFacts, type FigureSource } from '../../core/figures.ts'

/**
 * What the assessment module feeds network monitoring: self-assessments submitted in the month and
 * the sum of their overall scores (the mean maturity is sum / count), by the section and size
 * class the firm had when it filled it in (kept on the assessment).
 */
export const assessmentFigures: FigureSource = {
  module: 'assessment',
  metrics: ['assessments', 'assessment_score_sum'],
  async monthly(db, range) {
    const { rows } = await sql<{ chamber_id: number; month: string; section: string | null; size_class: string | null; n: string; score: string }>`
      SELECT a.chamber_id, ${romeMonth(sql.ref('a.submitted_at'))} AS month, a.ateco_section AS section, a.size_class,
        count(*) AS n, coalesce(sum(a.overall), 0) AS score
      FROM assessment a
      WHERE a.status = 'submitted' AND a.submitted_at >= ${rangeStart(range)} AND a.submitted_at < ${rangeEnd(range)}
      GROUP BY 1, 2, 3, 4`.execute(db)
    return toFacts(rows.flatMap((r) => [
      { ...r, metric: 'assessments', value: r.n },
      { ...r, metric: 'assessment_score_sum', value: r.score },
    ]))
  },
}
