import { randomBytes } from 'node:crypto'
import type { BenchContext, ScriptedScenario } from '../types.ts'
import { fire, type Job } from '../clickday/load.ts'
import { verify } from '../clickday/checks.ts'
import { cpuPerSubmission, cpuSnapshot } from '../clickday/cpu.ts'
import { freePort, startBaseline, startOurs, type ServerProcess } from '../clickday/processes.ts'
import {
  CLICKDAY_FIRMS, CLICKDAY_VOUCHERS, copyDrafts, createDrafts, ensureFirms, firmSessions, GRANT_CENTS, openAt, publishCall, type Firm,
} from '../clickday/setup.ts'

/**
 * Click day: a call with an envelope for CLICKDAY_VOUCHERS vouchers opens while CLICKDAY_FIRMS
 * distinct firms submit in its first seconds over many connections (with duplicate presses on the
 * same Idempotency-Key). Our server runs as its own process (src/main.ts, as in production), so the
 * second scenario can kill it with SIGKILL mid-way and start it again.
 */
const CONNECTIONS = Number(process.env.BENCH_CLICKDAY_CONNECTIONS ?? 300)
/** One signing key for every server process of the run: firm sessions survive a restart, as with JWT_SECRET in production. */
const JWT_SECRET = randomBytes(32).toString('base64url')
const submitPath = (j: Job) => `/api/v1/firm/vouchers/applications/${j.applicationId}/submit`
const firmHeaders = (j: Job) => ({ authorization: `Bearer ${j.token}`, 'idempotency-key': j.key })

let cast: { firms: Firm[]; templateCall: number | null } | undefined

/** Firms, their sessions (through a running server of ours), once per run. */
async function ensureCast(ctx: BenchContext, server: ServerProcess): Promise<{ firms: Firm[]; templateCall: number | null }> {
  if (!cast) {
    console.error(`  click day: ${CLICKDAY_FIRMS} firms and their sessions...`)
    const firmIds = await ensureFirms(ctx.db)
    cast = { firms: await firmSessions(ctx.db, server.url, firmIds), templateCall: null }
  }
  return cast
}

const jobsOf = (firms: Firm[], drafts: Map<number, number>, tag: string): Job[] =>
  firms.map((f) => ({ applicationId: drafts.get(f.id)!, token: f.token, key: `${tag}-${f.id}-${randomBytes(4).toString('hex')}` }))

export const vouchersClickDay: ScriptedScenario = {
  kind: 'scripted',
  name: 'vouchers-click-day',
  description: `POST .../applications/:id/submit: ${CLICKDAY_FIRMS} firms at the opening instant for ${CLICKDAY_VOUCHERS} vouchers, ${CONNECTIONS} connections`,
  goal: { minRps: 1000, text: '>= 1,000 accepted/s, all checks' },
  async run(ctx) {
    const problems: string[] = []
    const port = await freePort()
    const ours = await startOurs(ctx.databaseUrl, port, JWT_SECRET)
    let callId: number, baselineCall: number, fired: Awaited<ReturnType<typeof fire>>, cpu: ReturnType<typeof cpuPerSubmission>
    try {
      const { firms } = await ensureCast(ctx, ours)
      callId = await publishCall(ours.url, 'CLICK-1', CLICKDAY_VOUCHERS)
      baselineCall = await publishCall(ours.url, 'CLICK-BASE', CLICKDAY_VOUCHERS)
      console.error(`  click day: ${firms.length} drafts through the firms' API...`)
      const drafts = await createDrafts(ours.url, callId, firms)
      cast!.templateCall = callId
      const startAt = Date.now() + 1500
      await openAt(ctx.db, callId, new Date(startAt))
      console.error(`  click day / ours: ${firms.length} submissions at the opening instant...`)
      const before = await cpuSnapshot(ctx.db, ours.child.pid!)
      fired = await fire({ base: ours.url, path: submitPath, headers: firmHeaders, jobs: jobsOf(firms, drafts, 'ours'), connections: CONNECTIONS, startAt })
      cpu = cpuPerSubmission(before, await cpuSnapshot(ctx.db, ours.child.pid!), fired.result.requests.total)
      problems.push(...fired.mismatches.slice(0, 10), ...await verify(ctx.db, callId, CLICKDAY_VOUCHERS, firms.length, fired.first))
    } finally {
      await ours.stop()
    }

    const baseDrafts = await copyDrafts(ctx.db, callId, baselineCall)
    const startAt = Date.now() + 1500
    await openAt(ctx.db, baselineCall, new Date(startAt))
    const base = await startBaseline(ctx.databaseUrl, await freePort(), baselineCall, GRANT_CENTS)
    let bare: Awaited<ReturnType<typeof fire>>, bareCpu: ReturnType<typeof cpuPerSubmission>
    try {
      const before = await cpuSnapshot(ctx.db, base.child.pid!)
      console.error('  click day / baseline: the same submissions, one transaction each...')
      bare = await fire({ base: base.url, path: (j) => `/submit/${j.applicationId}`, headers: (j) => ({ 'idempotency-key': j.key }),
        jobs: jobsOf(cast!.firms, baseDrafts, 'base'), connections: CONNECTIONS, startAt: Math.max(startAt, Date.now()) })
      bareCpu = cpuPerSubmission(before, await cpuSnapshot(ctx.db, base.child.pid!), bare.result.requests.total)
      problems.push(...(await verify(ctx.db, baselineCall, CLICKDAY_VOUCHERS, baseDrafts.size, bare.first)).map((p) => `baseline: ${p}`))
    } finally {
      await base.stop()
    }
    return {
      ours: fired.result, baseline: bare.result, problems,
      notes: { firms: CLICKDAY_FIRMS, vouchers: CLICKDAY_VOUCHERS, connections: CONNECTIONS, requests: { ours: fired.requests, baseline: bare.requests },
        duplicatePresses: fired.duplicates, mismatches: fired.mismatches.length, callId, baselineCall,
        cpuMsPerAccepted: { ours: cpu, baseline: bareCpu } },
    }
  },
}

export const vouchersClickDayCrash: ScriptedScenario = {
  kind: 'scripted',
  name: 'vouchers-click-day-crash',
  description: `the same click day, the server SIGKILLed after 40% of the answers and restarted; clients retry with their keys`,
  goal: { minRps: 1, text: 'nothing acknowledged lost, nothing funded twice' },
  async run(ctx) {
    const port = await freePort()
    let server = await startOurs(ctx.databaseUrl, port, JWT_SECRET)
    const problems: string[] = []
    let killedAt = 0
    let restartMs = 0
    let crash: Promise<void> | undefined
    try {
      const { firms, templateCall } = await ensureCast(ctx, server)
      const callId = await publishCall(server.url, 'CLICK-CRASH', CLICKDAY_VOUCHERS)
      const drafts = templateCall ? await copyDrafts(ctx.db, templateCall, callId) : await createDrafts(server.url, callId, firms)
      const startAt = Date.now() + 1500
      await openAt(ctx.db, callId, new Date(startAt))
      console.error(`  click day / crash: ${firms.length} submissions, SIGKILL after ${Math.round(firms.length * 0.4)} answers...`)
      const fired = await fire({
        base: server.url, path: submitPath, headers: firmHeaders, jobs: jobsOf(firms, drafts, 'crash'), connections: CONNECTIONS, startAt,
        onAnswer: (answered) => {
          if (crash || answered < firms.length * 0.4) return
          killedAt = answered
          crash = (async () => {
            const t = Date.now()
            await server.kill()
            server = await startOurs(ctx.databaseUrl, port, JWT_SECRET)
            restartMs = Date.now() - t
          })()
        },
      })
      await crash
      if (!crash) problems.push('the server was never killed')
      problems.push(...fired.mismatches.slice(0, 10), ...await verify(ctx.db, callId, CLICKDAY_VOUCHERS, firms.length, fired.first))
      return {
        ours: fired.result, problems,
        notes: { killedAfterAnswers: killedAt, restartMs, networkRetries: fired.networkRetries, requests: fired.requests,
          duplicatePresses: fired.duplicates, mismatches: fired.mismatches.length, callId },
      }
    } finally {
      await crash?.catch(() => {})
      await server.stop()
    }
  },
}
