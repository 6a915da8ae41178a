import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { sql } from 'kysely'
import { DEFAULT_QUESTIONNAIRE } from '@pid/shared'
import { ensureFirms } from './crm-data.ts'
import { picker } from './scenarios/crm-requests.ts'
import type { BenchContext } from './types.ts'

/**
 * The assessment benchmarks' data: BENCH_ASSESSMENTS submitted assessments (default 100,000), one
 * per firm of the CRM benchmark register, bulk-loaded with COPY. Firms keep their own ATECO section
 * and size class; the region copied at submission is spread over Italy's 20 regions (half in
 * Lombardy), so regional and national benchmark groups both have realistic sizes.
 */
export const BENCH_ASSESSMENTS = Number(process.env.BENCH_ASSESSMENTS ?? 100_000)
const REGIONS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20']
let loaded: Promise<number[]> | undefined

/** Loads the assessments once per run and returns a sample of their ids (for report requests). */
export function ensureAssessments(ctx: BenchContext): Promise<number[]> {
  loaded ??= (async () => {
    const { n } = await ctx.db.selectFrom('assessment').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'submitted').executeTakeFirstOrThrow()
    if (Number(n) < BENCH_ASSESSMENTS) {
      await ensureFirms(ctx)
      await loadAssessments(ctx)
    }
    const sample = await sql<{ id: number }>`SELECT id FROM assessment WHERE is_latest AND chamber_id = (SELECT id FROM chamber WHERE short_name = 'Milano') ORDER BY id LIMIT 200`.execute(ctx.db)
    return sample.rows.map((r) => r.id)
  })()
  return loaded
}

async function loadAssessments(ctx: BenchContext): Promise<void> {
  // The app seeds the default questionnaire at start; the bench may load data before any app ran.
  const { ensureAssessmentDefaults } = await import('../src/modules/assessment/seed-defaults.ts')
  await ensureAssessmentDefaults(ctx.db)
  const q = await ctx.db.selectFrom('assessment_questionnaire').select('id').where('chamber_id', 'is', null).orderBy('id').executeTakeFirstOrThrow()
  const firms = await sql<{ id: number; chamber_id: number; name: string; ateco_section: string | null; size_class: string | null }>`
    SELECT id, chamber_id, name, ateco_section, size_class FROM firm WHERE merged_into_id IS NULL ORDER BY id LIMIT ${BENCH_ASSESSMENTS}`.execute(ctx.db)
  if (firms.rows.length < BENCH_ASSESSMENTS) throw new Error(`only ${firms.rows.length} firms for ${BENCH_ASSESSMENTS} assessments: raise BENCH_FIRMS`)
  console.error(`  loading ${BENCH_ASSESSMENTS} assessments with COPY...`)
  const pick = picker(7)
  const dims = DEFAULT_QUESTIONNAIRE.dimensions.map((d) => d.key)
  const esc = (s: string) => `"${s.replace(/"/g, '""')}"`
  function* rows(): Generator<string> {
    for (const f of firms.rows) {
      const base = Math.floor(pick([5, 15, 25, 35, 45, 55, 65, 75]) + pick([0, 3, 6, 9]))
      const scores = Object.fromEntries(dims.map((k) => [k, Math.max(0, Math.min(100, base + pick([-15, -8, 0, 8, 15])))]))
      const overall = Math.round(Object.values(scores).reduce((s, v) => s + v, 0) / dims.length)
      const level = overall >= 80 ? 5 : overall >= 60 ? 4 : overall >= 40 ? 3 : overall >= 20 ? 2 : 1
      const region = pick([0, 1]) === 0 ? '03' : pick(REGIONS)
      yield [f.id, f.chamber_id, q.id, 'submitted', '{}', esc(f.name), f.ateco_section ?? '', f.size_class ?? '', region, overall, level,
        esc(JSON.stringify(scores)), 't', 0, '2026-06-01 10:00:00+02'].join(',') + '\n'
    }
  }
  const client = new pg.Client({ connectionString: ctx.databaseUrl })
  await client.connect()
  try {
    const started = Date.now()
    await pipeline(Readable.from(rows()), client.query(copyFrom(`COPY assessment (firm_id, chamber_id, questionnaire_id, status, answers, firm_name,
      ateco_section, size_class, region_code, overall, level, scores, is_latest, round, submitted_at) FROM STDIN (FORMAT csv, NULL '')`)))
    console.error(`  COPY of ${BENCH_ASSESSMENTS} assessments: ${Date.now() - started} ms`)
  } finally {
    await client.end()
  }
  await sql`VACUUM ANALYZE assessment`.execute(ctx.db)
}
