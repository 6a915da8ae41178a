/**
 * The load generator, run as its own process (see loadgen.ts) so that autocannon's CPU time is
 * never charged to the server under test: on a 2-core box a load generator inside the server's
 * event loop would halve what we measure. Reads its options as JSON from argv[2], prints one
 * LoadResult JSON document on stdout and nothing else.
 */
import type { EventEmitter } from 'node:events'
import type { LoadResult } from './types.ts'

interface LoadOptions {
  url: string
  headers?: Record<string, string>
  connections: number
  durationSeconds: number
  warmupSeconds: number
  /** When given, each connection cycles through these paths (so no single query is cached into flattering us). */
  requests?: { path: string }[]
}

interface AutocannonResult {
  requests: { average: number; stddev: number; total: number }
  latency: Record<string, number>
  errors: number
  timeouts: number
  non2xx: number
  statusCodeStats: Record<string, { count: number }>
  duration: number
}
type Autocannon = (opts: object, cb: (err: Error | null, result: AutocannonResult) => void) => EventEmitter

// autocannon ships no types and @types/autocannon is not installed: a non-literal specifier makes
// the import `any`, typed just below by the few fields we read, without an ambient declaration
// that would clash with @types/autocannon if someone adds it later.
const specifier: string = 'autocannon'
const autocannon = ((await import(specifier)) as { default: Autocannon }).default

function runOnce(opts: LoadOptions, seconds: number, onLatency?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: opts.url,
      headers: opts.headers ?? {},
      connections: opts.connections,
      duration: seconds,
      ...(opts.requests?.length ? { requests: opts.requests.map((r) => ({ method: 'GET', path: r.path })) } : {}),
    }, (err, result) => (err ? reject(err) : resolve(result)))
    // Only 2xx times count, as in autocannon's own histogram; errors are reported separately.
    if (onLatency) {
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        if (status >= 200 && status < 300) onLatency(ms)
      })
    }
  })
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]!
}

const round = (ms: number) => Math.round(ms * 1000) / 1000

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions
  // Warm-up: lets both servers JIT-compile their hot paths and fill their pools before we measure.
  if (opts.warmupSeconds > 0) await runOnce(opts, opts.warmupSeconds)

  // autocannon's histogram records whole milliseconds, too coarse for sub-ms reads and it has no
  // p95: we keep every response time and compute the percentiles ourselves.
  const samples: number[] = []
  const r = await runOnce(opts, opts.durationSeconds, (ms) => samples.push(ms))
  const sorted = Float64Array.from(samples).sort()
  const sum = samples.reduce((a, b) => a + b, 0)
  const result: LoadResult = {
    url: opts.url,
    connections: opts.connections,
    durationSeconds: r.duration,
    requests: { total: r.requests.total, average: r.requests.average, stddev: r.requests.stddev },
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
      mean: round(samples.length ? sum / samples.length : Number.NaN),
    },
    autocannonLatency: r.latency,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
