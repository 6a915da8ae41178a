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

export interface Scenario {
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
