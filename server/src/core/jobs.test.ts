import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { createTestContext, type TestContext } from '../../test/helpers.ts'
import { enqueue, JobRunner } from './jobs.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ sendMail: true, demo: false }) })
afterAll(async () => { await ctx.close() })

const silent = pino({ level: 'silent' })

describe('job queue', () => {
  it('a job enqueued in a rolled-back transaction never exists', async () => {
    await expect(ctx.db.transaction().execute(async (tx) => {
      await enqueue(tx, 'test.rollback', { n: 1 })
      throw new Error('change refused')
    })).rejects.toThrow('change refused')
    expect(await ctx.db.selectFrom('job').select('id').where('queue', '=', 'test.rollback').execute()).toEqual([])
  })

  it('concurrent workers run each job exactly once', async () => {
    const seen: number[] = []
    const make = () => {
      const r = new JobRunner(ctx.db, silent)
      r.register('test.once', async (p) => { seen.push(Number(p.n)) })
      return r
    }
    for (let n = 0; n < 30; n++) await enqueue(ctx.db, 'test.once', { n })
    await Promise.all([make().drain(), make().drain(), make().drain()])
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(30).keys()])
    const left = await ctx.db.selectFrom('job').select('id').where('queue', '=', 'test.once').where('done_at', 'is', null).execute()
    expect(left).toEqual([])
  })

  it('retries a failing job later and gives up after max attempts', async () => {
    const r = new JobRunner(ctx.db, silent)
    let calls = 0
    r.register('test.fail', async () => { calls++; throw new Error('smtp down') })
    await enqueue(ctx.db, 'test.fail', {})
    await r.drain()
    expect(calls).toBe(1)
    const job = await ctx.db.selectFrom('job').selectAll().where('queue', '=', 'test.fail').executeTakeFirstOrThrow()
    expect(job).toMatchObject({ attempts: 1, last_error: 'smtp down', failed_at: null })
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now())
    await ctx.db.updateTable('job').set({ run_at: new Date(0), attempts: 4 }).where('id', '=', job.id).execute()
    await r.drain()
    const final = await ctx.db.selectFrom('job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow()
    expect(final.attempts).toBe(5)
    expect(final.failed_at).not.toBeNull()
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
