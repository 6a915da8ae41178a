import Fastify from 'fastify'
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { EXPERIENCE_THEMES, MEDIA_KINDS, type CatalogueQuery } from '@pid/shared'
import type { Database } from '../../src/db/schema.ts'
import { COUNT_CAP, CatalogueService } from '../../src/modules/experience-center/media/catalogue.ts'
import { buildOurs } from '../ours.ts'
import { milanoId } from '../crm-data.ts'
import { runLoad } from '../loadgen.ts'
import type { BenchContext, LoadResult, ScriptedScenario, Side } from '../types.ts'
import { picker } from './crm-requests.ts'

export const BENCH_MEDIA_ITEMS = 20_000
const GOAL_P95_MS = 30
const DURATION = Number(process.env.BENCH_DURATION) || 5
const WARMUP = Number(process.env.BENCH_WARMUP) || 2
const CONNECTIONS = 5
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3

/** Words of titles and summaries, accented ones among them: people type them without accents. */
const SUBJECTS = ['Città', 'Qualità', 'Attività', 'Sostenibilità', 'Caffè', 'Pasticceria', 'Falegnameria', 'Agricoltura', 'Ristorazione', 'Tessitura',
  'Sartoria', 'Officina', 'Cantina', 'Panetteria', 'Ceramica', 'Logistica', 'Farmacia', 'Edilizia', 'Gelateria', 'Tipografia']
const TOPICS = ['digitale', 'e-commerce', 'cybersicurezza', 'cloud', 'stampa 3D', 'realtà aumentata', 'dati', 'automazione', 'marketing', 'IoT']
const QUERIES = ['citta', 'qualita', 'attivita digitale', 'sostenibilita', 'caffe', 'pasticceria cloud', 'falegnameria', 'realta aumentata',
  'ristorazione', 'tessitura dati', 'sartoria', 'officina automazione', 'cantina marketing', 'ceramica', 'logistica iot', 'farmacia', 'edilizia',
  'gelateria', 'tipografia stampa', 'cybersicurezza', 'perche', 'e-commerce', 'panetteria', 'agricoltura']
const SECTORS = ['A', 'C', 'F', 'G', 'I', 'J', 'M', 'S']

/** 20,000 items in Milano (90% published), made in one INSERT ... SELECT from generate_series. */
export async function ensureItems(ctx: BenchContext, chamber: number): Promise<void> {
  const { n } = await ctx.db.selectFrom('ec_media_item').select((eb) => eb.fn.countAll<number>().as('n')).where('chamber_id', '=', chamber).executeTakeFirstOrThrow()
  if (Number(n) >= BENCH_MEDIA_ITEMS) return
  console.error(`  media-search: making ${BENCH_MEDIA_ITEMS} library items...`)
  await sql`INSERT INTO ec_media_item (chamber_id, kind, title, summary, themes, sectors, size_classes, language, state, published_at, views)
    SELECT ${chamber},
      (${sql.val([...MEDIA_KINDS])}::text[])[1 + (g / 20) % ${MEDIA_KINDS.length}],
      (${sql.val(SUBJECTS)}::text[])[1 + g % ${SUBJECTS.length}] || ' e ' || (${sql.val(TOPICS)}::text[])[1 + (g / 7) % ${TOPICS.length}] || ' n. ' || g,
      'Perché la ' || lower((${sql.val(SUBJECTS)}::text[])[1 + (g / 3) % ${SUBJECTS.length}]) || ' sceglie ' || (${sql.val(TOPICS)}::text[])[1 + (g / 11) % ${TOPICS.length}]
        || ': una storia di ' || (${sql.val(TOPICS)}::text[])[1 + (g / 13) % ${TOPICS.length}] || ' raccontata dal PID.',
      ARRAY[(${sql.val([...EXPERIENCE_THEMES])}::text[])[1 + g % ${EXPERIENCE_THEMES.length}], (${sql.val([...EXPERIENCE_THEMES])}::text[])[1 + (g / 5) % ${EXPERIENCE_THEMES.length}]],
      CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY[(${sql.val(SECTORS)}::text[])[1 + (g / 3) % ${SECTORS.length}]] END,
      CASE WHEN g % 3 = 0 THEN '{}'::text[] ELSE ARRAY[(ARRAY['micro', 'small', 'medium', 'large'])[1 + (g / 29) % 4]] END,
      CASE WHEN g % 10 = 0 THEN 'en' ELSE 'it' END,
      CASE WHEN g % 10 = 9 THEN 'draft' ELSE 'published' END,
      CASE WHEN g % 10 = 9 THEN NULL ELSE now() - (g || ' minutes')::interval END,
      g % 97
    FROM generate_series(1, ${BENCH_MEDIA_ITEMS}) AS g`.execute(ctx.db)
  // As autovacuum would soon after a bulk load: statistics, and the visibility map for index-only scans.
  await sql`VACUUM ANALYZE ec_media_item`.execute(ctx.db)
}

/** The rotation: searches alone, searches with a filter, filters alone, a few second pages. */
export function requestQueries(): CatalogueQuery[] {
  const pick = picker(11)
  const out: CatalogueQuery[] = QUERIES.map((q) => ({ q }))
  for (let i = 0; i < 16; i++) out.push({ q: pick(QUERIES), kind: pick(MEDIA_KINDS) })
  for (let i = 0; i < 10; i++) out.push({ q: pick(QUERIES), sector: pick(SECTORS) as CatalogueQuery['sector'], size: pick(['micro', 'small', 'medium', 'large'] as const) })
  for (let i = 0; i < 6; i++) out.push({ theme: pick(EXPERIENCE_THEMES), page: 1 + (i % 3) })
  out.push({}, { language: 'en' }, { page: 2 }, { kind: 'video', page: 3 })
  return out
}
const toPath = (chamber: number, q: CatalogueQuery) =>
  `/api/v1/public/chambers/${chamber}/experience/media?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`

/** The SQL our catalogue sends for each request, captured from Kysely's log: the baseline runs exactly these. */
async function captureQueries(databaseUrl: string, chamber: number, queries: CatalogueQuery[]): Promise<CompiledQuery[][]> {
  let seen: CompiledQuery[] = []
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
    log: (e) => { if (e.level === 'query') seen.push(e.query) },
  })
  const service = new CatalogueService({ db, storage: undefined as never, crm: undefined as never })
  const out: CompiledQuery[][] = []
  try {
    for (const q of queries) {
      seen = []
      await service.search(chamber, q)
      out.push(seen)
    }
  } finally {
    await db.destroy()
  }
  return out
}

interface EntryRow { id: number; kind: string; title: string; summary: string; themes: string[]; sectors: string[]; size_classes: string[]; language: string; published_at: Date | null }

/** Bare Fastify and a pg.Pool of 10 running the captured SQL of the path, mapping rows to the same JSON; no auth, validation or schema. */
async function startBaseline(databaseUrl: string, byPath: Map<string, { queries: CompiledQuery[]; page: number; limit: number }>): Promise<Side> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  pool.on('error', () => {})
  const app = Fastify({ logger: false })
  app.get('/*', async (req, reply) => {
    const plan = byPath.get(req.url)
    if (!plan) return reply.code(404).send({ error: 'unknown path' })
    // The same three queries at once, as ours sends them: the chamber's name, the page, the capped count.
    const [chamberQ, pageQ, countQ] = plan.queries
    const [chamber, { rows }, count] = await Promise.all([
      pool.query<{ name: string }>(chamberQ!.sql, [...chamberQ!.parameters]),
      pool.query<EntryRow>(pageQ!.sql, [...pageQ!.parameters]),
      pool.query<{ n: number }>(countQ!.sql, [...countQ!.parameters]),
    ])
    const n = Number(count.rows[0]!.n)
    return {
      chamberName: chamber.rows[0]!.name,
      items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, summary: r.summary, themes: r.themes, sectors: r.sectors, sizeClasses: r.size_classes,
        language: r.language, publishedAt: r.published_at?.toISOString() ?? null })),
      total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page: plan.page, limit: plan.limit,
    }
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: address, async close() { await app.close(); await pool.end() } }
}

async function measure(side: Side, requests: { path: string }[]): Promise<LoadResult> {
  try {
    return await runLoad({ url: side.url, headers: side.headers, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP, requests })
  } finally {
    await side.close()
  }
}

export const mediaSearch: ScriptedScenario = {
  kind: 'scripted',
  name: 'media-search',
  description: `GET /api/v1/public/chambers/:chamberId/experience/media?q=...&filters (no login), ${BENCH_MEDIA_ITEMS} items in the chamber, ` +
    `against bare Fastify + pg running the same SQL (captured from ours); goal on our p95`,
  goal: { minRps: 1, text: `p95 <= ${GOAL_P95_MS} ms` },
  async run(ctx) {
    const chamber = await milanoId(ctx)
    await ensureItems(ctx, chamber)
    const queries = requestQueries()
    const requests = queries.map((q) => ({ path: toPath(chamber, q) }))
    const captured = await captureQueries(ctx.databaseUrl, chamber, queries)
    const problems: string[] = []
    captured.forEach((c, i) => { if (c.length !== 3) problems.push(`${requests[i]!.path}: ${c.length} queries, the baseline expects 3`) })
    const byPath = new Map(queries.map((q, i) => [requests[i]!.path, { queries: captured[i]!, page: q.page ?? 1, limit: q.limit ?? 20 }]))
    // Same answer on both sides for the first request (the ids and the total).
    const ours0 = await buildOurs(ctx.databaseUrl, 10)
    const side0 = await ours0.listen('/')
    const probe = await (await fetch(`${new URL(side0.url).origin}${requests[0]!.path}`)).json() as { total: number; items: { id: number }[] }
    await side0.close()
    const base0 = await startBaseline(ctx.databaseUrl, byPath)
    const baseProbe = await (await fetch(`${base0.url}${requests[0]!.path}`)).json() as { total: number; items: { id: number }[] }
    await base0.close()
    if (probe.total !== baseProbe.total || probe.items.map((i) => i.id).join() !== baseProbe.items.map((i) => i.id).join()) {
      problems.push(`ours and the baseline disagree: ${probe.total} vs ${baseProbe.total}`)
    }
    // Alternating rounds, each side's median round by p95 (as the harness does for latency scenarios): a noisy window moves one round.
    const oursRounds: LoadResult[] = []
    const baseRounds: LoadResult[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`  media-search round ${round}/${ROUNDS}: ours, then the baseline...`)
      const ours = await buildOurs(ctx.databaseUrl, 10)
      const side = await ours.listen('/')
      oursRounds.push(await measure({ ...side, url: new URL(side.url).origin }, requests))
      baseRounds.push(await measure(await startBaseline(ctx.databaseUrl, byPath), requests))
    }
    const median = (rs: LoadResult[]) => [...rs].sort((x, y) => x.latencyMs.p95 - y.latencyMs.p95)[Math.floor(rs.length / 2)]!
    const oursResult = median(oursRounds)
    const baseline = median(baseRounds)
    for (const [side, r] of [...oursRounds.map((r) => ['ours', r] as const), ...baseRounds.map((r) => ['baseline', r] as const)]) {
      if (r.errors || r.timeouts || r.non2xx) problems.push(`${side}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`)
    }
    if (oursResult.latencyMs.p95 > GOAL_P95_MS) problems.push(`our p95 ${oursResult.latencyMs.p95.toFixed(1)} ms > ${GOAL_P95_MS} ms`)
    return {
      ours: oursResult, baseline, problems,
      notes: { items: BENCH_MEDIA_ITEMS, distinctRequests: requests.length, firstTotal: probe.total, oursP95Ms: oursResult.latencyMs.p95,
        baselineP95Ms: baseline.latencyMs.p95, roundsP95Ms: { ours: oursRounds.map((r) => r.latencyMs.p95), baseline: baseRounds.map((r) => r.latencyMs.p95) }, sampleQueries: queries.slice(0, 8) },
    }
  },
}
