import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { PUBLIC_START_NOTICE_VERSION, vatCheckDigit, type PowChallenge } from '@pid/shared'
import type { BenchContext, LoadResult, ScriptedScenario } from '../types.ts'
import { agent, pooled, request, type Reply } from '../clickday/http.ts'
import { freePort, startOurs } from '../clickday/processes.ts'
import { solveAll } from './pow-solver.ts'

/**
 * Public self-assessment starts (issue 15): STARTS firms, each from its own e-mail address and code,
 * start within a minute and are all served (202); then the same number from ONE address are
 * throttled after the per-address limit (429); and nothing is stored for the unverified addresses
 * (firm, contact, consent, used links, personal links, timeline, audit: the same counts before and
 * after; only the outbox grows, by the verification mails, to be forgotten). Every request solves
 * its proof of work honestly (in worker threads, as the firms' devices would), at the difficulty
 * stated in the notes (the app's default unless BENCH_PUBLIC_START_POW_MAX says otherwise). One client address sends everything, so the
 * per-client-address limit is lifted here (it has its own API test).
 */
const STARTS = Number(process.env.BENCH_PUBLIC_START_STARTS ?? 500)
const CONNECTIONS = Number(process.env.BENCH_PUBLIC_START_CONNECTIONS ?? 20)
const POW_MAX = process.env.BENCH_PUBLIC_START_POW_MAX ?? '60000'
const EMAIL_MAX = 3
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN

async function stored(ctx: BenchContext): Promise<Record<string, number>> {
  const r = await sql<Record<string, string>>`SELECT (SELECT count(*) FROM firm) AS firm, (SELECT count(*) FROM contact) AS contact,
    (SELECT count(*) FROM consent) AS consent, (SELECT count(*) FROM public_start_used_link) AS used_links,
    (SELECT count(*) FROM firm_access_link) AS personal_links, (SELECT count(*) FROM timeline_event) AS timeline,
    (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM mail_outbox) AS outbox`.execute(ctx.db)
  return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]))
}

/**
 * Each start as a firm makes it: it fetches a challenge, its own browser solves it, it posts the
 * start. The server's part is the challenges and the posts, timed as one window (`servedSeconds`);
 * the solving happens on the firms' devices, here in worker threads between the two (reported
 * apart, not counted as the server's time). Latencies are the posts'.
 */
async function fire(base: string, chamberId: number, emailOf: (i: number) => string, tag: string): Promise<{ answers: Reply[]; result: LoadResult; solveSeconds: number }> {
  const a = agent(CONNECTIONS)
  const seed = Number.parseInt(randomBytes(3).toString('hex'), 16) % 5_000_000
  const latencies: number[] = []
  const statusCodes: Record<string, number> = {}
  let errors = 0
  const t0 = performance.now()
  const challenges = await pooled(Array.from({ length: STARTS }, (_, i) => i), CONNECTIONS, async () =>
    JSON.parse((await request(a, `${base}/api/v1/public/self-assessment/challenge`, 'GET', {})).text) as PowChallenge)
  const challengeSeconds = (performance.now() - t0) / 1000
  const s = performance.now()
  const solutions = await solveAll(challenges)
  const solveSeconds = (performance.now() - s) / 1000
  const t1 = performance.now()
  const answers = await pooled(challenges, CONNECTIONS, async (challenge, i) => {
    try {
      const posted = performance.now()
      const body7 = String((seed + i) % 10_000_000).padStart(7, '0') + String((i % 100) + 1).padStart(3, '0')
      const reply = await request(a, `${base}/api/v1/public/self-assessment/starts`, 'POST', {}, {
        chamberId, firmCode: body7 + vatCheckDigit(body7), firmName: `Impresa ${tag} ${i} S.r.l.`, firstName: 'Persona', lastName: `${tag} ${i}`,
        email: emailOf(i), consents: { service: true, newsletter: i % 2 === 0, events: false, profiling: false }, noticeVersion: PUBLIC_START_NOTICE_VERSION,
        pow: { challenge, solution: solutions[i]! },
      })
      latencies.push(performance.now() - posted)
      statusCodes[reply.status] = (statusCodes[reply.status] ?? 0) + 1
      return reply
    } catch {
      errors++
      return { status: 0, text: '' }
    }
  })
  const seconds = challengeSeconds + (performance.now() - t1) / 1000
  a.destroy()
  const ok = answers.filter((r) => r.status === 202).length
  const sorted = latencies.sort((x, y) => x - y)
  const round = (ms: number) => Math.round(ms * 10) / 10
  return {
    answers, solveSeconds,
    result: {
      url: `${base}/api/v1/public/self-assessment/starts`, connections: CONNECTIONS, durationSeconds: seconds,
      requests: { total: ok, average: ok / seconds, stddev: 0 },
      latencyMs: { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), p99: round(pct(sorted, 99)), max: round(sorted.at(-1) ?? Number.NaN),
        mean: round(sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1)) },
      autocannonLatency: {}, errors, timeouts: 0, non2xx: STARTS - ok, statusCodes,
    },
  }
}

export const publicStart: ScriptedScenario = {
  kind: 'scripted',
  name: 'public-start',
  description: `POST /public/self-assessment/starts: ${STARTS} firms from ${STARTS} addresses, then ${STARTS} from one address, proof of work solved for each`,
  goal: { minRps: STARTS / 60, text: `${STARTS} starts from ${STARTS} addresses served (202) within a minute; from one address 429 after ${EMAIL_MAX}; nothing stored` },
  async run(ctx) {
    const problems: string[] = []
    const chamber = await ctx.db.selectFrom('chamber_province').select('chamber_id').where('province_code', '=', 'MI').where('valid_to', 'is', null).executeTakeFirstOrThrow()
    const before = await stored(ctx)
    const server = await startOurs(ctx.databaseUrl, await freePort(), randomBytes(32).toString('base64url'),
      { PUBLIC_START_IP_MAX: '100000000', PUBLIC_START_POW_COUNTER_MAX: POW_MAX, PUBLIC_START_EMAIL_MAX: String(EMAIL_MAX) })
    let many: Awaited<ReturnType<typeof fire>>
    let one: Awaited<ReturnType<typeof fire>>
    try {
      const tag = randomBytes(3).toString('hex')
      console.error(`  public-start: ${STARTS} starts from ${STARTS} addresses (proof of work up to ${POW_MAX} hashes each)...`)
      many = await fire(server.url, chamber.chamber_id, (i) => `p${i}.${tag}@bench.example.it`, `molti-${tag}`)
      console.error(`  public-start: ${STARTS} starts from one address...`)
      one = await fire(server.url, chamber.chamber_id, () => `sempre.${tag}@bench.example.it`, `uno-${tag}`)
    } finally {
      await server.stop()
    }
    const after = await stored(ctx)
    if (many.result.requests.total !== STARTS) problems.push(`from ${STARTS} addresses: ${many.result.requests.total} served, ${JSON.stringify(many.result.statusCodes)}`)
    if (many.result.durationSeconds > 60) problems.push(`from ${STARTS} addresses: served in ${many.result.durationSeconds.toFixed(1)} s, over a minute`)
    const throttled = one.answers.filter((r) => r.status === 429).length
    if (one.result.requests.total !== EMAIL_MAX || throttled !== STARTS - EMAIL_MAX) {
      problems.push(`from one address: ${one.result.requests.total} served and ${throttled} throttled, expected ${EMAIL_MAX} and ${STARTS - EMAIL_MAX}`)
    }
    for (const k of Object.keys(before)) {
      if (k === 'outbox') continue
      if (after[k] !== before[k]) problems.push(`${k}: ${before[k]} rows before, ${after[k]} after: something was stored for an unverified address`)
    }
    if (after.outbox! - before.outbox! !== STARTS + EMAIL_MAX) problems.push(`outbox grew by ${after.outbox! - before.outbox!}, expected ${STARTS + EMAIL_MAX} verification mails`)
    return {
      ours: many.result, problems,
      notes: {
        starts: STARTS, connections: CONNECTIONS, powCounterMax: Number(POW_MAX), emailMax: EMAIL_MAX,
        servedSeconds: Math.round(many.result.durationSeconds * 10) / 10,
        solvedSecondsInWorkers: Math.round(many.solveSeconds * 10) / 10, solverThreads: Math.min(availableParallelism(), STARTS),
        oneAddress: { served: one.result.requests.total, throttled, statusCodes: one.result.statusCodes, p95Ms: one.result.latencyMs.p95 },
        storedBefore: before, storedAfter: after,
        note: 'servedSeconds: the challenges and the starts, the server\'s part; the proofs of work are solved between them in worker threads, as on the firms\' devices. The per-client-address limit is lifted (PUBLIC_START_IP_MAX): one bench process sends everything; that limit has its own API test',
      },
    }
  },
}
