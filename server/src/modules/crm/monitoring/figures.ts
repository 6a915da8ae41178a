import { sql } from 'kysely'
import { NON_TOUCH_TYPES, type MonitoringMetric } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import { rangeEnd, rangeStart, romeMonth, toFacts, type FigureSource } from '../../../core/figures.ts'

/**
 * What the CRM feeds network monitoring (issue 16): its monthly facts, the awareness funnel as it
 * stands, and the chambers of a scope. One set-based query each; the firm's section and size class
 * are today's (the register's), joined here since only the CRM reads the firm table.
 */

const METRICS = ['firms_reached', 'touches', 'stage_advances', 'referrals', 'referrals_completed', 'mailing_recipients'] as const satisfies readonly MonitoringMetric[]
/** A referral closed with these outcomes counts as completed: the firm got (some of) what it needed. */
const POSITIVE_OUTCOMES = ['solved', 'partially_solved']

export const crmFigures: FigureSource = {
  module: 'crm',
  metrics: METRICS,
  async monthly(db, range) {
    const start = rangeStart(range)
    const end = rangeEnd(range)
    const nonTouch = sql`${sql.val([...NON_TOUCH_TYPES])}::text[]`
    const { rows } = await sql<{ chamber_id: number; month: string; metric: string; section: string | null; size_class: string | null; value: string }>`
      WITH touches AS (
        SELECT t.id, t.firm_id, t.chamber_id, t.occurred_at FROM timeline_event t
        WHERE t.occurred_at >= ${start} AND t.occurred_at < ${end} AND t.type <> ALL(${nonTouch})
      ), firsts AS (
        -- A firm is reached in the month of its first touch ever: its first touch in the range, when it had none before.
        SELECT DISTINCT ON (t.firm_id) t.firm_id, t.chamber_id, t.occurred_at FROM touches t
        WHERE NOT EXISTS (SELECT 1 FROM timeline_event p WHERE p.firm_id = t.firm_id AND p.occurred_at < ${start} AND p.type <> ALL(${nonTouch}))
        ORDER BY t.firm_id, t.occurred_at, t.id
      ), facts AS (
        SELECT 'touches' AS metric, chamber_id, firm_id, occurred_at AS at FROM touches
        UNION ALL SELECT 'firms_reached', chamber_id, firm_id, occurred_at FROM firsts
        -- Forward moves only, automatic (a touch) or by hand; the chamber of the event that moved it, else the firm's.
        UNION ALL SELECT 'stage_advances', coalesce(e.chamber_id, f.chamber_id), s.firm_id, s.changed_at
          FROM stage_change s JOIN firm f ON f.id = s.firm_id LEFT JOIN timeline_event e ON e.id = s.event_id
          WHERE s.to_stage > s.from_stage AND s.changed_at >= ${start} AND s.changed_at < ${end}
        UNION ALL SELECT 'referrals', r.chamber_id, r.firm_id, r.created_at FROM referral r
          WHERE r.created_at >= ${start} AND r.created_at < ${end}
        UNION ALL SELECT 'referrals_completed', r.chamber_id, r.firm_id, r.completed_at FROM referral r
          WHERE r.status = 'completed' AND r.feedback->>'outcome' = ANY(${sql.val(POSITIVE_OUTCOMES)}::text[])
            AND r.completed_at >= ${start} AND r.completed_at < ${end}
        UNION ALL SELECT 'mailing_recipients', m.chamber_id, mr.firm_id, mr.sent_at FROM mailing_recipient mr JOIN mailing m ON m.id = mr.mailing_id
          WHERE mr.sent_at >= ${start} AND mr.sent_at < ${end}
      )
      SELECT x.chamber_id, ${romeMonth(sql.ref('x.at'))} AS month, x.metric, f.ateco_section AS section, f.size_class, count(*) AS value
      FROM facts x LEFT JOIN firm f ON f.id = x.firm_id
      GROUP BY 1, 2, 3, 4, 5`.execute(db)
    return toFacts(rows)
  },
}

/** One cell of the funnel: active, unmerged firms of a chamber at a stage, by section and size class ('' unknown). */
export interface FunnelCell { chamberId: number; stage: number; section: string; sizeClass: string; firms: number }

export async function funnelSnapshot(db: DbOrTx): Promise<FunnelCell[]> {
  const { rows } = await sql<{ chamber_id: number; stage: number; section: string | null; size_class: string | null; n: string }>`
    SELECT f.chamber_id, f.stage, trim(f.ateco_section) AS section, f.size_class, count(*) AS n
    FROM firm f WHERE f.merged_into_id IS NULL AND f.status = 'active'
    GROUP BY 1, 2, 3, 4`.execute(db)
  return rows.map((r) => ({ chamberId: Number(r.chamber_id), stage: r.stage, section: r.section ?? '', sizeClass: r.size_class ?? '', firms: Number(r.n) }))
}

export type MonitoringScopeRef = { kind: 'chamber'; chamberId: number } | { kind: 'region'; regionCode: string } | { kind: 'network' }
export interface ScopeChamber { id: number; name: string; provinceCodes: string[]; mergedIntoId: number | null }

/**
 * The chambers of a scope, as the CRM dashboard takes them: a region's chambers with their merged
 * predecessors (their history still counts), the network's all. 404 for an unknown chamber or region.
 */
export async function scopeChambers(db: DbOrTx, scope: MonitoringScopeRef): Promise<ScopeChamber[]> {
  let q = db.selectFrom('chamber as c').select(['c.id', 'c.name', 'c.merged_into_id',
    sql<string[]>`coalesce((select array_agg(cp.province_code::text order by cp.province_code) from chamber_province cp
      where cp.chamber_id = c.id and cp.valid_to is null), '{}')`.as('provinces')]).orderBy('c.name')
  if (scope.kind === 'chamber') q = q.where('c.id', '=', scope.chamberId)
  if (scope.kind === 'region') {
    const region = await db.selectFrom('region').select('code').where('code', '=', scope.regionCode).executeTakeFirst()
    if (!region) throw notFound('region')
    q = q.where('c.region_code', '=', scope.regionCode)
  }
  const rows = await q.execute()
  if (scope.kind === 'chamber' && !rows.length) throw notFound('chamber')
  return rows.map((r) => ({ id: r.id, name: r.name, provinceCodes: r.provinces, mergedIntoId: r.merged_into_id }))
}
