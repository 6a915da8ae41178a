import { sql } from 'kysely'
import { NON_TOUCH_TYPES } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { dayAfter, dayStart, TIME_ZONE } from '../timeline/timeline.queries.ts'

/**
 * The dashboard's aggregates: one query over firms and one over timeline events,
 * whatever the scope. Firms are read through the partial index firm_filters_idx (index-only: it
 * holds stage, sector, size and status of unmerged firms), touches through timeline_chamber_feed_idx
 * (chamber ids always given, so each chamber's slice of the period is a range scan).
 */

export interface FirmBuckets {
  byChamber: Map<number, { firms: number; reached: number }>
  byStage: Map<number, number>
  bySection: Map<string | null, number>
  bySize: Map<string | null, number>
}

export async function firmBuckets(db: DbOrTx, chamberIds: number[]): Promise<FirmBuckets> {
  // Cells first, in the index's own column order (a streaming aggregate over an index-only scan),
  // then the few thousand cells rolled up per dimension.
  const { rows } = await sql<{
    chamber_id: number | null; stage: number | null; ateco_section: string | null; size_class: string | null
    g: number; n: string; reached: string
  }>`
    WITH cells AS (
      SELECT f.chamber_id, f.stage, f.ateco_section, f.size_class, count(*) AS n
      FROM firm f
      WHERE f.merged_into_id IS NULL AND f.status = 'active' AND f.chamber_id = ANY(${sql.val(chamberIds)}::bigint[])
      GROUP BY f.chamber_id, f.stage, f.ateco_section, f.size_class
    )
    SELECT chamber_id, stage, ateco_section, size_class, grouping(chamber_id, stage, ateco_section, size_class) AS g,
      sum(n) AS n, coalesce(sum(n) FILTER (WHERE stage >= 1), 0) AS reached
    FROM cells
    GROUP BY GROUPING SETS ((chamber_id), (stage), (ateco_section), (size_class))`.execute(db)
  const buckets: FirmBuckets = { byChamber: new Map(), byStage: new Map(), bySection: new Map(), bySize: new Map() }
  // grouping() has one bit per argument, the first argument highest: 0 marks the grouped column.
  for (const r of rows) {
    const n = Number(r.n)
    if (r.g === 0b0111) buckets.byChamber.set(r.chamber_id!, { firms: n, reached: Number(r.reached) })
    else if (r.g === 0b1011) buckets.byStage.set(r.stage!, n)
    else if (r.g === 0b1101) buckets.bySection.set(r.ateco_section?.trim() ?? null, n)
    else if (r.g === 0b1110) buckets.bySize.set(r.size_class, n)
  }
  return buckets
}

export interface TouchBuckets {
  byMonth: Map<string, number>
  byAuthor: { userId: number; name: string; count: number }[]
}

/** Touches in [from, to] (Italian days) by month and, when asked, by author (names joined after grouping). */
export async function touchBuckets(db: DbOrTx, chamberIds: number[], from: string, to: string, withAuthors: boolean): Promise<TouchBuckets> {
  const { rows } = await sql<{ month: string | null; author_id: number | null; g: number; n: string; name: string | null }>`
    WITH cells AS (
      SELECT date_trunc('month', t.occurred_at AT TIME ZONE ${TIME_ZONE}) AS month,
        ${withAuthors ? sql`t.author_id` : sql`NULL::bigint`} AS author_id, count(*) AS n
      FROM timeline_event t
      WHERE t.chamber_id = ANY(${sql.val(chamberIds)}::bigint[])
        AND t.occurred_at >= ${dayStart(from)} AND t.occurred_at < ${dayAfter(to)}
        AND t.type <> ALL(${sql.val([...NON_TOUCH_TYPES])}::text[])
      GROUP BY 1, 2
    ), sums AS (
      SELECT month, author_id, grouping(month, author_id) AS g, sum(n) AS n
      FROM cells GROUP BY GROUPING SETS ((month), (author_id))
    )
    SELECT to_char(sums.month, 'YYYY-MM') AS month, sums.author_id, sums.g, sums.n, u.name
    FROM sums LEFT JOIN app_user u ON u.id = sums.author_id`.execute(db)
  const result: TouchBuckets = { byMonth: new Map(), byAuthor: [] }
  for (const r of rows) {
    if (r.g === 0b01) result.byMonth.set(r.month!, Number(r.n))
    else if (r.g === 0b10 && r.author_id !== null) result.byAuthor.push({ userId: r.author_id, name: r.name ?? '', count: Number(r.n) })
  }
  result.byAuthor.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
  return result
}

/** Section letters with their Italian titles (22 rows of the ATECO reference). */
export async function sectionTitles(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('ateco').select(['code', 'title_it']).where('level', '=', 'section').execute()
  return new Map(rows.map((r) => [r.code, r.title_it]))
}
