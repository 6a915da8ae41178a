import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { TestClock, type JobWithMetadata } from 'pg-boss'
import { createTestContext, type TestContext } from '../../test/helpers.ts'
import { Jobs, type JobHandler, type WorkOptions } from './jobs.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ sendMail: true, demo: false }) })
afterAll(async () => { await ctx.close() })

const silent = pino({ level: 'silent' })
/**
 * pg-boss's test clock: time moves only when the test says. It starts a minute ahead because the
 * app's own connections (enqueue runs in the caller's transaction) still read the real time.
 */
const testClock = () => new TestClock(Date.now() + 60_000)

/** A job queue of its own on the test database (as a second instance would be), started. */
async function queue(handlers: Record<string, JobHandler>, options: { clock?: TestClock; work?: WorkOptions } = {}): Promise<Jobs> {
  const jobs = new Jobs(ctx.db, ctx.pool, silent, { background: false, ...(options.clock ? { clock: options.clock } : {}) })
  for (const [name, handler] of Object.entries(handlers)) jobs.work(name, handler, options.work)
  await jobs.start()
  return jobs
}

const everyJob = (jobs: Jobs, name: string): Promise<JobWithMetadata[]> => jobs.boss.findJobs(name)

describe('job queue (pg-boss)', () => {
  it('a job enqueued in a rolled-back transaction never exists', async () => {
    const jobs = await queue({ 'test.rollback': async () => {} })
    await expect(ctx.db.transaction().execute(async (tx) => {
      await jobs.enqueue(tx, 'test.rollback', { n: 1 })
      throw new Error('change refused')
    })).rejects.toThrow('change refused')
    await ctx.db.transaction().execute((tx) => jobs.enqueue(tx, 'test.rollback', { n: 2 }))
    expect((await jobs.pending('test.rollback')).map((j) => j.data)).toEqual([{ n: 2 }])
    await jobs.stop()
  })

  it('concurrent workers run each job exactly once', async () => {
    const seen: number[] = []
    const handlers = { 'test.once': async (p: Record<string, unknown>) => { seen.push(Number(p.n)) } }
    const workers = await Promise.all([queue(handlers), queue(handlers), queue(handlers)])
    for (let n = 0; n < 30; n++) await workers[0]!.enqueue(ctx.db, 'test.once', { n })
    await Promise.all(workers.map((w) => w.drain()))
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(30).keys()])
    expect(await workers[0]!.pending('test.once')).toEqual([])
    await Promise.all(workers.map((w) => w.stop()))
  })

  it('retries a failing job later, each time waiting longer, and gives up after five attempts', async () => {
    const clock = testClock()
    let calls = 0
    const jobs = await queue({ 'test.fail': async () => { calls++; throw new Error('smtp down') } }, { clock })
    await jobs.enqueue(ctx.db, 'test.fail', {})
    const waits: number[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await jobs.runOnce()).toBe(true)
      expect(calls).toBe(attempt)
      const [job] = await everyJob(jobs, 'test.fail')
      if (attempt < 5) {
        expect(job).toMatchObject({ state: 'retry', output: { message: 'smtp down' } })
        // Not due again at once: the retry waits (5 s doubling, with jitter).
        expect(await jobs.runOnce()).toBe(false)
        waits.push(job!.startAfter.getTime() - clock.now())
        await clock.setTime(job!.startAfter.getTime() + 1000)
      } else {
        expect(job).toMatchObject({ state: 'failed' })
      }
    }
    expect(waits[0]).toBeGreaterThanOrEqual(4_000)
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]! - 1000)
    expect(waits[3]).toBeGreaterThan(waits[0]! * 3)
    expect(await jobs.runOnce()).toBe(false)
    await jobs.stop()
  })

  it('runs again a job whose worker died mid-run, once it has been active longer than its expiry', async () => {
    const clock = testClock()
    const ran: string[] = []
    const jobs = await queue({ 'test.expire': async (p) => { ran.push(String(p.what)) } }, { clock, work: { expireInSeconds: 30 } })
    await jobs.enqueue(ctx.db, 'test.expire', { what: 'report' })
    // A worker claims the job, then its process is killed: it never completes nor fails it.
    const [claimed] = await jobs.boss.fetch('test.expire')
    expect(claimed).toBeDefined()
    expect(await jobs.runOnce()).toBe(false)
    await clock.setTime(clock.now() + 60_000)
    await jobs.boss.supervise('test.expire')
    const [expired] = await everyJob(jobs, 'test.expire')
    expect(expired).toMatchObject({ state: 'retry' })
    await clock.setTime(expired!.startAfter.getTime() + 1000)
    expect(await jobs.runOnce()).toBe(true)
    expect(ran).toEqual(['report'])
    expect((await everyJob(jobs, 'test.expire'))[0]).toMatchObject({ state: 'completed' })
    await jobs.stop()
  })

  it('a daily schedule exists once, however many instances start together', async () => {
    const instance = () => {
      const jobs = new Jobs(ctx.db, ctx.pool, silent, { background: false })
      jobs.work('test.daily', async () => {})
      jobs.daily('test.daily', 3)
      return jobs
    }
    const both = [instance(), instance()]
    await Promise.all(both.map((j) => j.start()))
    const schedules = await both[0]!.boss.getSchedules('test.daily')
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['0 3 * * *', 'Europe/Rome']])
    await Promise.all(both.map((j) => j.stop()))
  })

  it('a cron schedule (every minute) is written as given, and rewritten idempotently at the next start', async () => {
    const instance = () => {
      const jobs = new Jobs(ctx.db, ctx.pool, silent, { background: false })
      jobs.work('test.minute', async () => {})
      jobs.cron('test.minute', '* * * * *')
      return jobs
    }
    for (const jobs of [instance(), instance()]) {
      await jobs.start()
      const schedules = await jobs.boss.getSchedules('test.minute')
      expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['* * * * *', 'Europe/Rome']])
      await jobs.stop()
    }
  })
})

describe('mail outbox', () => {
  it('with a transport, queued mail is sent by the job and marked sent', async () => {
    await ctx.db.transaction().execute((tx) => ctx.app.mailer.queue(tx, { chamberId: null, to: 'impresa@test.example', subject: 'Ciao', text: 'Testo' }))
    const pending = await ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'impresa@test.example').executeTakeFirstOrThrow()
    expect(pending.status).toBe('pending')
    await ctx.app.jobs.drain()
    const sent = await ctx.db.selectFrom('mail_outbox').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow()
    expect(sent.status).toBe('sent')
    expect(sent.sent_at).not.toBeNull()
  })
})
