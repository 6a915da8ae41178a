import { sql } from 'kysely'
import { BENCHMARK_MIN_GROUP, type BenchmarkGroup } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'

/**
 * Where a firm stands among firms of the same ATECO section and size class, in its region and
 * nationally: each firm counts once, with its latest submitted assessment. A group smaller than
 * BENCHMARK_MIN_GROUP firms is not shown (too few to stay anonymous).
 * Percentile rank = 100 * (firms scoring below + half of those scoring the same) / firms, rounded
 * half up; median = the group's 50th percentile (continuous), one decimal.
 * One query, served by the partial index (ateco_section, size_class, overall) INCLUDE (region_code).
 */
export async function benchmark(db: DbOrTx, p: { atecoSection: string | null; sizeClass: string | null; regionCode: string; overall: number }): Promise<BenchmarkGroup[]> {
  const base = { atecoSection: p.atecoSection, sizeClass: p.sizeClass }
  const empty = (scope: 'region' | 'national'): BenchmarkGroup => ({ scope, ...base, regionCode: scope === 'region' ? p.regionCode : null,
    firms: 0, available: false, median: null, percentile: null })
  if (!p.atecoSection || !p.sizeClass) return [empty('region'), empty('national')]
  const { rows } = await sql<{ rn: number; rb: number; re: number; rm: number | null; nn: number; nb: number; ne: number; nm: number | null }>`
    SELECT count(*) FILTER (WHERE region_code = ${p.regionCode})::int AS rn,
           count(*) FILTER (WHERE region_code = ${p.regionCode} AND overall < ${p.overall})::int AS rb,
           count(*) FILTER (WHERE region_code = ${p.regionCode} AND overall = ${p.overall})::int AS re,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY overall) FILTER (WHERE region_code = ${p.regionCode}) AS rm,
           count(*)::int AS nn,
           count(*) FILTER (WHERE overall < ${p.overall})::int AS nb,
           count(*) FILTER (WHERE overall = ${p.overall})::int AS ne,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY overall) AS nm
    FROM assessment WHERE is_latest AND ateco_section = ${p.atecoSection} AND size_class = ${p.sizeClass}`.execute(db)
  const r = rows[0]!
  const group = (scope: 'region' | 'national', n: number, below: number, equal: number, median: number | null): BenchmarkGroup => {
    if (n < BENCHMARK_MIN_GROUP) return { ...empty(scope), firms: n }
    return { scope, ...base, regionCode: scope === 'region' ? p.regionCode : null, firms: n, available: true,
      median: median === null ? null : Math.round(Number(median) * 10) / 10,
      percentile: Math.floor((100 * (below + equal / 2)) / n + 0.5) }
  }
  return [group('region', r.rn, r.rb, r.re, r.rm), group('national', r.nn, r.nb, r.ne, r.nm)]
}
