import { sql } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Db, DbOrTx } from '../db/database.ts'

/**
 * A small job queue in PostgreSQL. Chosen over pg-boss and graphile-worker because both now need
 * Node 22, and because a table claimed with FOR UPDATE SKIP LOCKED runs unchanged on a real server
 * and on the embedded database, with any number of workers. Jobs are enqueued in the transaction
 * of the change that causes them, so a rolled-back change leaves no job behind.
 */
export type JobHandler = (payload: Record<string, unknown>, db: Db) => Promise<void>

export async function enqueue(db: DbOrTx, queue: string, payload: Record<string, unknown>, runAt?: Date): Promise<void> {
  await db
    .insertInto('job')
    .values({ queue, payload: JSON.stringify(payload), ...(runAt ? { run_at: runAt } : {}) })
    .execute()
}

/**
 * Makes sure exactly one run of a daily queue is pending (by default tomorrow at `hour` o'clock,
 * Rome time). "Pending" excludes the run in progress (its lease is held), so that run can schedule
 * the next one. Call it inside a transaction: the advisory lock serialises instances starting together.
 */
export async function scheduleDaily(tx: DbOrTx, queue: string, hour: number, runAt?: Date): Promise<boolean> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${queue}))`.execute(tx)
  const pending = await tx.selectFrom('job').select('id')
    .where('queue', '=', queue).where('done_at', 'is', null).where('failed_at', 'is', null)
    .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
    .executeTakeFirst()
  if (pending) return false
  const at = runAt ?? (await sql<{ at: Date }>`SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Rome')
    + interval '1 day' + make_interval(hours => ${hour})) AT TIME ZONE 'Europe/Rome' AS at`.execute(tx)).rows[0]!.at
  await enqueue(tx, queue, {}, at)
  return true
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = true

  private readonly db: Db
  private readonly log: FastifyBaseLogger
  private readonly pollMs: number
  constructor(db: Db, log: FastifyBaseLogger, pollMs = 1000) {
    this.db = db
    this.log = log
    this.pollMs = pollMs
  }

  register(queue: string, handler: JobHandler): void {
    this.handlers.set(queue, handler)
  }

  /** Claims and runs one due job (of the given queues only, if named); false when none is due. */
  async runOnce(only?: string[]): Promise<boolean> {
    const queues = [...this.handlers.keys()].filter((q) => !only || only.includes(q))
    if (queues.length === 0) return false
    // The lease (locked_until) lets another worker retry a job whose worker died mid-way.
    const job = await this.db
      .updateTable('job')
      .set({ locked_until: sql`now() + interval '5 minutes'`, attempts: sql`attempts + 1` })
      .where('id', '=', (eb) =>
        eb.selectFrom('job')
          .select('id')
          .where('done_at', 'is', null)
          .where('failed_at', 'is', null)
          .where('queue', 'in', queues)
          .where('run_at', '<=', sql<Date>`now()`)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
          .orderBy('run_at')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'queue', 'payload', 'attempts', 'max_attempts'])
      .executeTakeFirst()
    if (!job) return false
    try {
      await this.handlers.get(job.queue)!(job.payload, this.db)
      await this.db.updateTable('job').set({ done_at: sql`now()`, locked_until: null }).where('id', '=', job.id).execute()
    } catch (err) {
      const final = job.attempts >= job.max_attempts
      this.log.warn({ err, jobId: job.id, queue: job.queue, final }, 'job failed')
      await this.db
        .updateTable('job')
        .set({
          last_error: String((err as Error).message ?? err).slice(0, 2000),
          locked_until: null,
          ...(final ? { failed_at: sql`now()` } : { run_at: sql`now() + make_interval(secs => ${2 ** job.attempts * 5})` }),
        })
        .where('id', '=', job.id)
        .execute()
    }
    return true
  }

  /** Runs every due job, then returns (tests and the CLI use it). */
  async drain(): Promise<void> {
    while (await this.runOnce()) { /* keep going */ }
  }

  start(): void {
    this.stopped = false
    const tick = async () => {
      try {
        await this.drain()
      } catch (err) {
        this.log.error({ err }, 'job poll failed')
      }
      if (!this.stopped) this.timer = setTimeout(() => { this.running = tick() }, this.pollMs)
    }
    this.running = tick()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }
}
