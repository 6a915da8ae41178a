import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../test/helpers.ts'
import { amountLines, makePlan, makeProgramme } from '../../../test/budget-factories.ts'
import { systemContext } from '../../core/audit.ts'
import { HttpError } from '../../core/errors.ts'
import { BudgetService, bookingDay, type BudgetPosting } from './budget.service.ts'

let ctx: TestContext
let milano: number
let bergamo: number
const service = new BudgetService()
const sys = systemContext('test')

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  const programme = await makeProgramme(ctx.db)
  await makePlan(ctx.db, milano, programme, 2017, amountLines({ staff: 50_000, vouchers: 100_000, mentoring: 1_000_000 }))
  await makePlan(ctx.db, bergamo, programme, 2017, amountLines({ vouchers: 1_000_000 }))
})
afterAll(async () => { await ctx.close() })

const posting = (over: Partial<BudgetPosting> = {}): BudgetPosting => ({
  chamberId: milano, year: 2017, category: 'vouchers', amountCents: 10_000,
  source: { module: 'vouchers', ref: 'call:1' }, description: 'bando 1', ...over,
})

async function line(category: string, chamber = milano) {
  return ctx.db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
    .select(['l.planned_cents', 'l.committed_cents', 'l.spent_cents'])
    .where('p.chamber_id', '=', chamber).where('l.category', '=', category).executeTakeFirstOrThrow()
}

async function rejection(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(HttpError)
  return err as HttpError
}

describe('budget service', () => {
  it('commits, releases and spends, keeping available = planned - committed - spent', async () => {
    expect(await service.available(ctx.db, milano, 2017, 'staff')).toBe(50_000)
    const audits = (await ctx.db.selectFrom('audit_log').select('id').where('action', 'like', 'budget.%').execute()).length
    await service.commit(ctx.db, sys, posting({ category: 'staff', amountCents: 30_000, source: { module: 'events', ref: 'event:7' } }))
    expect(await service.available(ctx.db, milano, 2017, 'staff')).toBe(20_000)
    // Only the same source gets its commitment back, and never more than it committed.
    expect(await service.release(ctx.db, sys, posting({ category: 'staff', amountCents: 5_000, source: { module: 'events', ref: 'event:8' } }))).toBe(0)
    expect(await service.release(ctx.db, sys, posting({ category: 'staff', amountCents: 5_000, source: { module: 'events', ref: 'event:7' } }))).toBe(5_000)
    // Spending 30,000 from a 25,000 commitment consumes it and needs 5,000 of uncommitted money.
    await service.spend(ctx.db, sys, { ...posting({ category: 'staff', amountCents: 30_000, source: { module: 'events', ref: 'event:7' } }), fromCommitment: true })
    expect(await line('staff')).toEqual({ planned_cents: 50_000, committed_cents: 0, spent_cents: 30_000 })
    expect(await service.available(ctx.db, milano, 2017, 'staff')).toBe(20_000)
    const rows = await ctx.db.selectFrom('budget_posting').select(['kind', 'amount_cents', 'from_commitment', 'booked_on'])
      .where('source_ref', '=', 'event:7').orderBy('id').execute()
    expect(rows.map((r) => [r.kind, r.amount_cents, r.from_commitment])).toEqual([
      ['commit', 30_000, false], ['release', 5_000, false], ['spend', 25_000, true], ['spend', 5_000, false],
    ])
    // Money of 2017 posted today counts on the last day of 2017.
    expect(rows[0]!.booked_on).toBe('2017-12-31')
    const after = (await ctx.db.selectFrom('audit_log').select('id').where('action', 'like', 'budget.%').execute()).length
    expect(after - audits).toBe(4)
  })

  it('refuses to commit or spend more than is available, with what is available, writing nothing', async () => {
    const before = await line('mentoring')
    const err = await rejection(service.commit(ctx.db, sys, posting({ category: 'mentoring', amountCents: 1_000_001 })))
    expect(err.statusCode).toBe(409)
    expect(err.code).toBe('budget_exceeded')
    expect(err.message).toContain('10000.00 EUR available')
    expect(err.params).toEqual({ availableCents: 1_000_000, neededCents: 1_000_001, category: 'mentoring', year: 2017 })
    expect(err.fieldErrors).toEqual([{ path: '/amountCents', message: 'available: 1000000', code: 'available', params: { availableCents: 1_000_000 } }])
    const spend = await rejection(service.spend(ctx.db, sys, { ...posting({ category: 'mentoring', amountCents: 1_000_001 }), fromCommitment: true }))
    expect(spend.code).toBe('budget_exceeded')
    expect(await line('mentoring')).toEqual(before)
    const missing = await rejection(service.commit(ctx.db, sys, posting({ category: 'nope' })))
    expect(missing.code).toBe('budget_exceeded')
    expect(await service.available(ctx.db, milano, 2031, 'vouchers')).toBe(0)
    expect((await rejection(service.commit(ctx.db, sys, posting({ amountCents: 0 })))).statusCode).toBe(400)
  })

  it('rolls back with the caller: a failed transaction leaves the line untouched', async () => {
    const before = await line('vouchers')
    await ctx.db.transaction().execute(async (tx) => {
      await service.commit(tx, sys, posting({ amountCents: 1_000 }))
      throw new Error('caller fails later')
    }).catch(() => {})
    expect(await line('vouchers')).toEqual(before)
  })

  it('many parallel commits never over-commit a line', async () => {
    // Bergamo's voucher line: 1,000,000 cents; 40 calls of 30,000 each ask for 1,200,000.
    const attempts = Array.from({ length: 40 }, (_, i) => ctx.db.transaction().execute((tx) =>
      service.commit(tx, sys, posting({ chamberId: bergamo, amountCents: 30_000, source: { module: 'vouchers', ref: `call:${i}` } }))))
    const results = await Promise.allSettled(attempts)
    const ok = results.filter((r) => r.status === 'fulfilled').length
    expect(ok).toBe(33) // floor(1,000,000 / 30,000)
    for (const r of results) if (r.status === 'rejected') expect((r.reason as HttpError).code).toBe('budget_exceeded')
    const l = await line('vouchers', bergamo)
    expect(l.committed_cents).toBe(990_000)
    expect(l.committed_cents + l.spent_cents).toBeLessThanOrEqual(l.planned_cents)
    // Spending in parallel on the same commitments and beyond them never breaks the line either.
    const spends = Array.from({ length: 40 }, (_, i) => ctx.db.transaction().execute((tx) =>
      service.spend(tx, sys, { ...posting({ chamberId: bergamo, amountCents: 31_000, source: { module: 'vouchers', ref: `call:${i}` } }), fromCommitment: true })))
    await Promise.allSettled(spends)
    const s = await line('vouchers', bergamo)
    expect(s.committed_cents + s.spent_cents).toBeLessThanOrEqual(s.planned_cents)
    const ledger = await ctx.db.selectFrom('budget_posting').select(['kind', 'amount_cents', 'from_commitment'])
      .where('chamber_id', '=', bergamo).execute()
    const sum = (pred: (r: typeof ledger[number]) => boolean) => ledger.filter(pred).reduce((t, r) => t + r.amount_cents, 0)
    expect(sum((r) => r.kind === 'spend')).toBe(s.spent_cents)
    expect(sum((r) => r.kind === 'commit') - sum((r) => r.kind === 'release') - sum((r) => r.kind === 'spend' && r.from_commitment)).toBe(s.committed_cents)
  })

  it('keeps a posting day inside its plan year', () => {
    expect(bookingDay(2017, '2016-05-01')).toBe('2017-01-01')
    expect(bookingDay(2017, '2017-05-01')).toBe('2017-05-01')
    expect(bookingDay(2017, '2030-01-01')).toBe('2017-12-31')
  })
})
