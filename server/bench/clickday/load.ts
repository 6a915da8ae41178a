import { performance } from 'node:perf_hooks'
import type { LoadResult } from '../types.ts'
import { agent, request, type Reply } from './http.ts'

/**
 * The click day's load: at the opening instant every firm presses "invia" once, over many
 * connections. Some press twice: one firm in ten again after its answer, one in twenty twice at the
 * same moment, always with the same Idempotency-Key, and both answers must be the same. A network
 * error (the server killed, or restarting) is retried with the same key until the server answers:
 * the client's view of "nothing acknowledged is lost".
 */
export interface Job { applicationId: number; token: string; key: string }

export interface Fired {
  /** The first answer each application got (status and body text). */
  first: Map<number, Reply>
  result: LoadResult
  /** Answers to the same key that differed from the first. */
  mismatches: string[]
  networkRetries: number
  duplicates: number
  /** Every HTTP request sent (first presses, duplicates, retries). */
  requests: number
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : Number.NaN)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function fire(opts: {
  base: string
  path: (j: Job) => string
  headers: (j: Job) => Record<string, string>
  jobs: Job[]
  connections: number
  startAt: number
  /** Called with the count of first answers so far (the crash scenario kills the server part-way). */
  onAnswer?: (answered: number) => void
}): Promise<Fired> {
  const a = agent(opts.connections)
  const first = new Map<number, Reply>()
  const latencies: number[] = []
  const mismatches: string[] = []
  const statusCodes: Record<string, number> = {}
  let networkRetries = 0
  let requests = 0
  let duplicates = 0
  let lastAnswer = 0

  const once = async (j: Job): Promise<{ reply: Reply; ms: number }> => {
    for (let attempt = 0; ; attempt++) {
      const t = performance.now()
      try {
        requests++
        const reply = await request(a, `${opts.base}${opts.path(j)}`, 'POST', opts.headers(j))
        statusCodes[reply.status] = (statusCodes[reply.status] ?? 0) + 1
        return { reply, ms: performance.now() - t }
      } catch (err) {
        networkRetries++
        if (attempt > 600) throw err
        await sleep(50)
      }
    }
  }
  const same = (j: Job, x: Reply, y: Reply) => {
    if (x.status !== y.status || x.text !== y.text) mismatches.push(`application ${j.applicationId}: ${x.status} ${x.text.slice(0, 80)} vs ${y.status} ${y.text.slice(0, 80)}`)
  }

  const wait = opts.startAt - Date.now()
  if (wait > 0) await sleep(wait)
  const t0 = performance.now()
  let next = 0
  await Promise.all(Array.from({ length: opts.connections }, async () => {
    for (let i = next++; i < opts.jobs.length; i = next++) {
      const j = opts.jobs[i]!
      let answer: { reply: Reply; ms: number }
      if (i % 20 === 7) {
        duplicates++
        const [x, y] = await Promise.all([once(j), once(j)])
        same(j, x.reply, y.reply)
        answer = x.ms <= y.ms ? x : y
      } else {
        answer = await once(j)
      }
      first.set(j.applicationId, answer.reply)
      if (answer.reply.status >= 200 && answer.reply.status < 300) latencies.push(answer.ms)
      lastAnswer = performance.now()
      opts.onAnswer?.(first.size)
      if (i % 10 === 3) {
        duplicates++
        same(j, answer.reply, (await once(j)).reply)
      }
    }
  }))
  a.destroy()
  const seconds = (lastAnswer - t0) / 1000
  const accepted = [...first.values()].filter((r) => r.status >= 200 && r.status < 300).length
  const sorted = latencies.sort((x, y) => x - y)
  const round = (ms: number) => Math.round(ms * 1000) / 1000
  return {
    first, mismatches, networkRetries, duplicates, requests,
    result: {
      url: opts.base, connections: opts.connections, durationSeconds: seconds,
      requests: { total: accepted, average: accepted / seconds, stddev: 0 },
      latencyMs: { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), p99: round(pct(sorted, 99)), max: round(sorted[sorted.length - 1] ?? Number.NaN),
        mean: round(sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1)) },
      autocannonLatency: {}, errors: networkRetries, timeouts: 0, non2xx: opts.jobs.length - accepted, statusCodes,
    },
  }
}
