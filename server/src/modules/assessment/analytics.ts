import { sql, type RawBuilder } from 'kysely'
import type { Analytics, AnalyticsQuery, CohortView, FirmProgress, LevelDistribution, PlanItemKind } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import type { FirmAccess } from '../crm/index.ts'

/**
 * Distributions of levels and scores, each firm counted once with its latest submitted assessment,
 * per chamber, per region or nationally, grouped by PID (chamber), ATECO section or size class.
 * Medians are computed here (percentile_cont, one decimal), never stored.
 */
export type AnalyticsScope = { kind: 'chamber'; chamberId: number } | { kind: 'region'; regionCode: string } | { kind: 'network' }

function scopeWhere(s: AnalyticsScope): RawBuilder<boolean> {
  if (s.kind === 'chamber') return sql<boolean>`a.chamber_id = ${s.chamberId}`
  if (s.kind === 'region') return sql<boolean>`a.region_code = ${s.regionCode}`
  return sql<boolean>`true`
}
const scopeLabel = (s: AnalyticsScope) => s.kind === 'chamber' ? `chamber:${s.chamberId}` : s.kind === 'region' ? `region:${s.regionCode}` : 'network'
const median1 = (v: unknown) => v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10

export async function analytics(db: DbOrTx, scope: AnalyticsScope, query: AnalyticsQuery): Promise<Analytics> {
  const by = query.by ?? 'sector'
  const key = by === 'chamber' ? sql`a.chamber_id::text` : by === 'sector' ? sql`a.ateco_section` : sql`a.size_class`
  const where = scopeWhere(scope)
  const [groups, totals] = await Promise.all([
    sql<{ key: string | null; label: string | null; firms: number; l1: number; l2: number; l3: number; l4: number; l5: number; median: number | null }>`
      SELECT ${key} AS key, ${by === 'chamber' ? sql`min(c.short_name)` : sql`NULL`} AS label, count(*)::int AS firms,
        count(*) FILTER (WHERE a.level = 1)::int AS l1, count(*) FILTER (WHERE a.level = 2)::int AS l2,
        count(*) FILTER (WHERE a.level = 3)::int AS l3, count(*) FILTER (WHERE a.level = 4)::int AS l4,
        count(*) FILTER (WHERE a.level = 5)::int AS l5, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.overall) AS median
      FROM assessment a ${by === 'chamber' ? sql`JOIN chamber c ON c.id = a.chamber_id` : sql``}
      WHERE a.is_latest AND ${where} GROUP BY 1 ORDER BY 3 DESC, 1`.execute(db),
    sql<{ band: number; level: number; n: number }>`
      SELECT least(a.overall / 10, 9)::int AS band, a.level::int AS level, count(*)::int AS n
      FROM assessment a WHERE a.is_latest AND ${where} GROUP BY 1, 2`.execute(db),
  ])
  const levels = [0, 0, 0, 0, 0]
  const scoreBands = Array(10).fill(0) as number[]
  for (const t of totals.rows) { levels[t.level - 1]! += t.n; scoreBands[t.band]! += t.n }
  return {
    scope: scopeLabel(scope), by, firms: levels.reduce((s, n) => s + n, 0), levels, scoreBands,
    groups: groups.rows.map((g) => ({ key: g.key, label: g.label, firms: g.firms, levels: [g.l1, g.l2, g.l3, g.l4, g.l5], median: median1(g.median) })),
  }
}

/** Level distribution of a region: one index-only scan on (region_code, level). */
export async function regionLevels(db: DbOrTx, regionCode: string): Promise<LevelDistribution> {
  const { rows } = await sql<{ level: number; n: number }>`
    SELECT level::int AS level, count(*)::int AS n FROM assessment WHERE is_latest AND region_code = ${regionCode} GROUP BY level`.execute(db)
  const levels = [0, 0, 0, 0, 0]
  for (const r of rows) levels[r.level - 1] = r.n
  return { regionCode, firms: levels.reduce((s, n) => s + n, 0), levels }
}

/** A firm's submitted assessments and the T0 (first) / T1 (latest) comparison per dimension. */
export async function firmProgress(db: DbOrTx, chamberId: number, firmId: number): Promise<FirmProgress> {
  const rows = await db.selectFrom('assessment').select(['id', 'round', 'submitted_at', 'overall', 'level', 'scores'])
    .where('firm_id', '=', firmId).where('chamber_id', '=', chamberId).where('status', '=', 'submitted').orderBy('id').execute()
  const items = rows.map((r) => ({ id: r.id, round: r.round ?? 0, submittedAt: r.submitted_at!.toISOString(), overall: r.overall!, level: r.level! }))
  if (rows.length < 2) return { firmId, assessments: items, comparison: null }
  const t0 = rows[0]!, t1 = rows[rows.length - 1]!
  const s0 = t0.scores ?? {}, s1 = t1.scores ?? {}
  const dims = Object.keys(s1).filter((k) => k in s0)
  return {
    firmId, assessments: items,
    comparison: { t0: t0.id, t1: t1.id, overallDelta: t1.overall! - t0.overall!, levelDelta: t1.level! - t0.level!,
      dimensions: dims.map((k) => ({ key: k, t0: s0[k]!, t1: s1[k]!, delta: s1[k]! - s0[k]! })) },
  }
}

/**
 * Cohorts: firms of the chamber assessed at least twice, split by whether their plan included an
 * intervention of this kind (e.g. a voucher); mean change T0 -> latest, overall and per dimension.
 */
export async function cohorts(db: DbOrTx, access: FirmAccess, kind: PlanItemKind): Promise<CohortView> {
  const { rows } = await sql<{ treated: boolean; firms: number; overall: number | null; dims: Record<string, number> | null }>`
    WITH pairs AS (
      SELECT a.firm_id,
             (array_agg(a.overall ORDER BY a.id))[1] AS o0, (array_agg(a.overall ORDER BY a.id DESC))[1] AS o1,
             (array_agg(a.scores ORDER BY a.id))[1] AS s0, (array_agg(a.scores ORDER BY a.id DESC))[1] AS s1
      FROM assessment a WHERE a.chamber_id = ${access.chamberId} AND a.status = 'submitted'
      GROUP BY a.firm_id HAVING count(*) >= 2
    ), tagged AS (
      SELECT p.*, EXISTS (SELECT 1 FROM assessment_plan_item i WHERE i.firm_id = p.firm_id AND i.kind = ${kind} AND i.status <> 'cancelled') AS treated
      FROM pairs p
    )
    SELECT t.treated, count(*)::int AS firms, round(avg(t.o1 - t.o0), 1)::float8 AS overall,
      (SELECT jsonb_object_agg(k, v) FROM (
         SELECT e0.key AS k, round(avg((t2.s1 ->> e0.key)::numeric - e0.value::numeric), 1)::float8 AS v
         FROM tagged t2, jsonb_each_text(t2.s0) e0 WHERE t2.treated = t.treated AND t2.s1 ? e0.key GROUP BY e0.key) d) AS dims
    FROM tagged t GROUP BY t.treated`.execute(db)
  const group = (treated: boolean) => {
    const r = rows.find((x) => x.treated === treated)
    return { firms: r?.firms ?? 0, meanOverallDelta: r?.overall ?? null,
      dimensions: Object.entries(r?.dims ?? {}).map(([key, meanDelta]) => ({ key, meanDelta })) }
  }
  return { kind, with: group(true), without: group(false) }
}
