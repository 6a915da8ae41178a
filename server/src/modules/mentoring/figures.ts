import { sql } from 'kysely'
import { rangeEnd, rangeStart, romeMonth, toFacts, type FigureSource } from '../../core/figures.ts'

/**
 * What mentoring feeds network monitoring: pairs started (a match the mentor accepted, in the month
 * of the acceptance, whether still running or closed since) and sessions held, for the chamber of
 * the match. Not split by the firm's section or size class ('').
 */
export const mentoringFigures: FigureSource = {
  module: 'mentoring',
  metrics: ['mentoring_pairs', 'mentoring_sessions'],
  async monthly(db, range) {
    const start = rangeStart(range)
    const end = rangeEnd(range)
    const { rows } = await sql<{ chamber_id: number; month: string; metric: string; section: string; size_class: string; value: string }>`
      SELECT chamber_id, month, metric, '' AS section, '' AS size_class, count(*) AS value FROM (
        SELECT 'mentoring_pairs' AS metric, m.chamber_id, ${romeMonth(sql.ref('m.responded_at'))} AS month FROM mentoring_match m
        WHERE m.status IN ('accepted', 'closed') AND m.responded_at >= ${start} AND m.responded_at < ${end}
        UNION ALL SELECT 'mentoring_sessions', m.chamber_id, ${romeMonth(sql.ref('s.held_at'))} FROM mentoring_session s
        JOIN mentoring_match m ON m.id = s.match_id
        WHERE s.held_at >= ${start} AND s.held_at < ${end}
      ) x GROUP BY 1, 2, 3`.execute(db)
    return toFacts(rows)
  },
}
