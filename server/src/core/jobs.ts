import type pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { fromKysely, PgBoss, type Clock, type Db as BossDb, type Job, type JobWithMetadata, type QueuePolicy } from 'pg-boss'
import type { Db, DbOrTx } from '../db/database.ts'

/**
 * Background jobs through pg-boss, behind a small facade so modules stay simple: `work` declares a
 * queue and its handler, `enqueue` sends a job in the caller's transaction (a rolled-back change
 * leaves no job), `daily` and `cron` declare a schedule. Retries with backoff, expiry of jobs whose worker
 * died, schedules and their once-only firing across instances are pg-boss's.
 *
 * pg-boss runs its statements through our own pg pool (`poolExecutor`), so on the embedded
 * database (one session, a pool of one connection) it shares that connection instead of opening
 * others that would interleave with the app's transactions.
 */
export type JobPayload = Record<string, unknown>
export type JobHandler = (payload: JobPayload, db: Db) => Promise<void>

export interface WorkOptions {
  /** 'short': at most one job waiting per singletonKey (a running one does not count). */
  policy?: QueuePolicy
  /** Seconds a job may run before pg-boss takes its worker for dead and retries it. */
  expireInSeconds?: number
}

export interface EnqueueOptions {
  startAfter?: Date
  singletonKey?: string
}

/** What code that causes a job needs: sending it inside its own transaction. */
export interface JobQueue {
  enqueue(tx: DbOrTx, queue: string, payload: JobPayload, options?: EnqueueOptions): Promise<void>
  /** Many jobs of one queue in one statement (a fan-out: one job per recipient), each with its own start. */
  enqueueMany(tx: DbOrTx, queue: string, jobs: readonly { payload: JobPayload; startAfter?: Date }[]): Promise<void>
}

/** Five attempts, 5 s apart doubling (with pg-boss's jitter); a job running 5 minutes has lost its worker. */
const QUEUE_DEFAULTS = { retryLimit: 4, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 }
const TIME_ZONE = 'Europe/Rome'

/**
 * pg-boss's database access through a pg pool. A failed multi-statement block (pg-boss sends
 * BEGIN ... COMMIT as one text) would leave the connection in an aborted transaction: roll it back
 * before the connection goes back to the pool. Session statements (only pg-boss's test clock has
 * any) run on each checkout and are reset after, so the app's own queries on the connection never
 * see them.
 */
export function poolExecutor(pool: pg.Pool): BossDb {
  let session: string[] = []
  return {
    async setSessionStatements(statements) { session = statements },
    async executeSql(text, values) {
      const client = await pool.connect()
      try {
        for (const s of session) await client.query(s)
        return await (values?.length ? client.query(text, values) : client.query(text))
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        if (session.length) await client.query('RESET ALL').catch(() => {})
        client.release()
      }
    },
  }
}

export interface JobsOptions {
  /** Run pg-boss's maintenance (expiry, retention) and its schedules in this process. */
  background: boolean
  /** Tests pass pg-boss's TestClock to move time without waiting. */
  clock?: Clock
}

export class Jobs implements JobQueue {
  readonly boss: PgBoss
  private readonly queues = new Map<string, { handler?: JobHandler; options: WorkOptions }>()
  /** queue -> cron expression (Rome time); pg-boss keeps one schedule per queue. */
  private readonly schedules = new Map<string, string>()
  private readonly started: (() => Promise<void>)[] = []
  private readonly db: Db
  private readonly log: FastifyBaseLogger

  constructor(db: Db, pool: pg.Pool, log: FastifyBaseLogger, options: JobsOptions) {
    this.db = db
    this.log = log
    this.boss = new PgBoss({
      db: poolExecutor(pool),
      supervise: options.background,
      schedule: options.background,
      registerInstance: options.background,
      ...(options.clock ? { clock: options.clock } : {}),
    })
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'))
  }

  /** Declares a queue and the handler that runs its jobs. */
  work(queue: string, handler: JobHandler, options: WorkOptions = {}): void {
    this.queues.set(queue, { handler, options })
  }

  /** Declares a daily run of `queue` at `hour` o'clock, Rome time (a pg-boss schedule: one job a day, whatever the instances). */
  daily(queue: string, hour: number): void {
    this.cron(queue, `0 ${hour} * * *`)
  }

  /**
   * Declares a run of `queue` on a cron expression, Rome time ('* * * * *': every minute). Like
   * `daily`, one pg-boss schedule per queue: rewritten at every start (idempotent), and fired once
   * per tick whatever the instances. A queue takes one schedule: use two queues for two rhythms.
   */
  cron(queue: string, expression: string): void {
    this.schedules.set(queue, expression)
  }

  /**
   * Installs or migrates pg-boss's schema (pg-boss serialises concurrent starts), creates the
   * declared queues (and brings an existing one's retry and expiry settings in line with the
   * code) and (re)writes the schedules, all idempotent. Workers start separately. createQueue also
   * loads the queue into pg-boss's cache: a send inside a transaction must find it there, since on
   * the embedded database the transaction holds the only connection.
   */
  async start(): Promise<void> {
    await this.boss.start()
    for (const [queue, { options }] of this.queues) {
      const { policy, ...settings } = options
      await this.boss.createQueue(queue, { ...QUEUE_DEFAULTS, ...settings, ...(policy ? { policy } : {}) })
      await this.boss.updateQueue(queue, { ...QUEUE_DEFAULTS, ...settings })
    }
    for (const [queue, expression] of this.schedules) {
      await this.boss.schedule(queue, expression, null, { tz: TIME_ZONE })
    }
    for (const fn of this.started) await fn()
  }

  /**
   * Runs `fn` once the queues exist, at every start: a module re-sends there the jobs its data says
   * should be waiting (jobs lost in an upgrade, say). `fn` must be idempotent: every instance runs it.
   */
  onStarted(fn: () => Promise<void>): void {
    this.started.push(fn)
  }

  /**
   * Polls every queue (pg-boss's workers) in this process: one job at a time per queue, so a long
   * job (an import) never holds others past their expiry; every second, as our old runner did.
   */
  async startWorkers(): Promise<void> {
    for (const [queue, { handler }] of this.queues) {
      if (!handler) continue
      await this.boss.work<JobPayload>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => { await this.handle(queue, handler, job!) })
    }
  }

  /** Graceful: waits for the jobs in hand (up to 10 s). */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000, close: false })
  }

  async enqueue(tx: DbOrTx, queue: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<void> {
    await this.boss.send(queue, payload, { db: fromKysely(tx), ...options })
  }

  async enqueueMany(tx: DbOrTx, queue: string, jobs: readonly { payload: JobPayload; startAfter?: Date }[]): Promise<void> {
    if (jobs.length === 0) return
    await this.boss.insert(queue, jobs.map((j) => ({ data: j.payload, ...(j.startAfter ? { startAfter: j.startAfter } : {}) })), { db: fromKysely(tx) })
  }

  /** Claims and runs one due job (of the named queues only, if given); false when none is due. */
  async runOnce(only?: string[]): Promise<boolean> {
    for (const [queue, { handler }] of this.queues) {
      if (!handler || (only && !only.includes(queue))) continue
      const [job] = await this.boss.fetch<JobPayload>(queue)
      if (!job) continue
      try {
        await this.handle(queue, handler, job)
        await this.boss.complete(queue, job)
      } catch (err) {
        await this.boss.fail(queue, job, { message: String((err as Error).message ?? err) })
      }
      return true
    }
    return false
  }

  /** Runs every due job, then returns: tests and the CLI use it instead of waiting for workers. */
  async drain(): Promise<void> {
    while (await this.runOnce()) { /* keep going */ }
  }

  /** Jobs of `queue` waiting to run (created or retrying), optionally those whose payload contains `data`. */
  async pending(queue: string, data?: JobPayload): Promise<JobWithMetadata<JobPayload>[]> {
    return this.boss.findJobs<JobPayload>(queue, { queued: true, ...(data ? { data } : {}) })
  }

  /** Makes the waiting jobs of `queue` whose payload contains `data` due now (demo data and tests move time this way). */
  async bringForward(queue: string, data: JobPayload): Promise<void> {
    for (const job of await this.pending(queue, data)) {
      await this.boss.update(queue, undefined, { id: job.id, startAfter: new Date() })
    }
  }

  private async handle(queue: string, handler: JobHandler, job: Job<JobPayload>): Promise<void> {
    try {
      await handler(job.data ?? {}, this.db)
    } catch (err) {
      this.log.warn({ err, jobId: job.id, queue, retryCount: job.retryCount }, 'job failed')
      throw err
    }
  }
}
