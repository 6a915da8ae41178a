import type { Db } from '../src/db/database.ts'

/** What every scenario gets from the harness: a migrated, seeded, throw-away database. */
export interface BenchContext {
  /** Connection string of the bench database; scenarios open their own pools so that each side owns its 10 connections. */
  databaseUrl: string
  /** A small shared handle for setup queries (not used under load). */
  db: Db
}

/** One server under test, already listening. */
export interface Side {
  /** Full URL the load generator hits. */
  url: string
  headers?: Record<string, string>
  /** Stops the server and releases its pool. */
  close(): Promise<void>
}

export interface Prepared {
  /** Each starter is called only when its turn comes, so the two servers never run at the same time. */
  ours(): Promise<Side>
  baseline(): Promise<Side>
  /** Anything worth keeping in latest.json (e.g. the SQL the baseline runs). */
  notes?: Record<string, unknown>
  /** Releases what prepare() opened outside the two sides. */
  dispose?(): Promise<void>
}

/** Throughput against a bare baseline (the default kind). */
export interface Scenario {
  kind?: 'throughput'
  name: string
  description: string
  /** Pass when ours' throughput >= minRatio x the baseline's (and neither side saw errors). */
  goal: { minRatio: number; text: string }
  /** Concurrent connections of the load generator (default 20). */
  connections?: number
  /** When true, both sides must answer the probe request with the same JSON body. */
  sameBody?: boolean
  prepare(ctx: BenchContext): Promise<Prepared>
}

/**
 * A one-off job timed against the bare PostgreSQL way of doing it, in the same run (e.g. our import
 * of a register extract vs a plain COPY of the same file). Pass when ours <= maxRatio x baseline.
 */
export interface DurationScenario {
  kind: 'duration'
  name: string
  description: string
  goal: { maxRatio: number; text: string }
  run(ctx: BenchContext): Promise<{ oursMs: number; baselineMs: number; notes?: Record<string, unknown>; problems?: string[] }>
}

/** One request of a latency scenario's rotation (autocannon cycles through the list per connection). */
export interface RequestSpec { path: string }

/** Latency of our app alone under load, varied requests, against an absolute p95 goal. */
export interface LatencyScenario {
  kind: 'latency'
  name: string
  description: string
  goal: { maxP95Ms: number; text: string }
  connections?: number
  prepare(ctx: BenchContext): Promise<{ side(): Promise<Side>; requests: RequestSpec[]; notes?: Record<string, unknown>; dispose?(): Promise<void> }>
}

/**
 * A scenario that drives its own load and checks its own outcome (e.g. a click day: thousands of
 * distinct requests, retries, a server killed and restarted), with our side and, optionally, a bare
 * baseline measured in the same run. Pass when there are no problems and ours reaches minRps.
 */
export interface ScriptedScenario {
  kind: 'scripted'
  name: string
  description: string
  goal: { minRps: number; text: string }
  run(ctx: BenchContext): Promise<{ ours: LoadResult; baseline?: LoadResult; notes?: Record<string, unknown>; problems: string[] }>
}

export type AnyScenario = Scenario | DurationScenario | LatencyScenario | ScriptedScenario

/** What bench/load.ts prints on stdout (one JSON document). */
export interface LoadResult {
  url: string
  connections: number
  durationSeconds: number
  requests: { total: number; average: number; stddev: number }
  /** Computed from every response's own time (sub-millisecond), not autocannon's integer-ms histogram. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number }
  /** autocannon's own latency summary, kept for cross-checking. */
  autocannonLatency: Record<string, number>
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
}
