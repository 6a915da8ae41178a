import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'

/** One call of an API client, as api_call_log keeps it. */
export interface ApiCall {
  apiClientId: number
  at: Date
  method: string
  /** The route's pattern (/api/v1/chambers/:chamberId/firms/:firmId), not the URL: no ids or query in the log. */
  route: string
  statusCode: number
  durationMs: number
  requestId: string
}

export const CALL_LOG_PRUNE_QUEUE = 'partner-api.call-log-prune'
/** The daily prune, at 04:00 Rome time. */
export const CALL_LOG_PRUNE_HOUR = 4
export const CALL_LOG_RETENTION_DAYS = 90

const FLUSH_EVERY_MS = 1000
const FLUSH_AT_ROWS = 500

/**
 * The call log of API clients, written behind the answers: a row per call would otherwise cost
 * every call an INSERT (a round trip and a commit) before its connection is free again. Calls wait
 * in memory and go to the database in one multi-row INSERT every second, or as soon as 500 wait.
 * A graceful shutdown flushes what waits (`close`); a crash loses what came in since the last
 * flush, at most about a second of calls. Only reads are at stake: a client's writes are also in
 * audit_log, through its service account, in the transaction of the write.
 */
export class CallLog {
  private waiting: ApiCall[] = []
  private writing: Promise<void> = Promise.resolve()
  private readonly timer: NodeJS.Timeout
  private readonly db: Db
  private readonly log: FastifyBaseLogger

  constructor(db: Db, log: FastifyBaseLogger) {
    this.db = db
    this.log = log
    this.timer = setInterval(() => { void this.flush() }, FLUSH_EVERY_MS)
    // The timer alone must not keep a process alive (a test, a CLI command).
    this.timer.unref()
  }

  push(call: ApiCall): void {
    this.waiting.push(call)
    if (this.waiting.length >= FLUSH_AT_ROWS) void this.flush()
  }

  /** Writes every call received so far; resolves once they are in the database (or logged as lost). */
  flush(): Promise<void> {
    // One INSERT at a time, in arrival order: a flush waits for the one before.
    this.writing = this.writing.then(() => this.write())
    return this.writing
  }

  /** Stops the timer and writes what waits (app close). */
  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
  }

  private async write(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, FLUSH_AT_ROWS)
      try {
        await this.db.insertInto('api_call_log').values(batch.map((c) => ({
          api_client_id: c.apiClientId, at: c.at, method: c.method, route: c.route,
          status_code: c.statusCode, duration_ms: c.durationMs, request_id: c.requestId,
        }))).execute()
      } catch (err) {
        // The answers are long gone: nothing to do but say what was lost.
        this.log.error({ err, lost: batch.length }, 'API call log: a batch could not be written')
      }
    }
  }
}

/** The daily prune: calls older than CALL_LOG_RETENTION_DAYS go. Returns how many. */
export async function pruneCallLog(db: Db): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom('api_call_log')
    .where('at', '<', sql<Date>`now() - make_interval(days => ${CALL_LOG_RETENTION_DAYS})`)
    .executeTakeFirst()
  return Number(numDeletedRows)
}
