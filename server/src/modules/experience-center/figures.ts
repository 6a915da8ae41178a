import { sql } from 'kysely'
import { rangeEnd, rangeStart, romeMonth, toFacts, type FigureSource } from '../../core/figures.ts'

/**
 * What the experience centre feeds network monitoring: events held (published, not cancelled, in
 * the month they started, once started) and check-ins (in the month of the check-in). Neither is
 * split by the firm's section or size class ('' ): the module keeps no copy of them.
 */
export const experienceFigures: FigureSource = {
  module: 'experience-center',
  metrics: ['events_held', 'event_attendances'],
  async monthly(db, range) {
    const start = rangeStart(range)
    const end = rangeEnd(range)
    const { rows } = await sql<{ chamber_id: number; month: string; metric: string; section: string; size_class: string; value: string }>`
      SELECT chamber_id, month, metric, '' AS section, '' AS size_class, count(*) AS value FROM (
        SELECT 'events_held' AS metric, e.chamber_id, ${romeMonth(sql.ref('e.starts_at'))} AS month FROM ec_event e
        WHERE e.status = 'published' AND e.starts_at >= ${start} AND e.starts_at < ${end} AND e.starts_at <= now()
        UNION ALL SELECT 'event_attendances', r.chamber_id, ${romeMonth(sql.ref('r.checked_in_at'))} FROM ec_registration r
        WHERE r.checked_in_at >= ${start} AND r.checked_in_at < ${end}
      ) x GROUP BY 1, 2, 3`.execute(db)
    return toFacts(rows)
  },
}
