import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Execution, Plan } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { amountLines, makePlan, makeProgramme } from '../../../test/budget-factories.ts'
import { monthsElapsed } from './execution.ts'

let ctx: TestContext
let milano: number
let coordinator: Auth
let regional: Auth
const url = () => `/api/v1/chambers/${milano}/budget/plans/2017`
const sys = { actorId: null, requestId: 'test', ip: null }

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  const programme = await makeProgramme(ctx.db)
  await makePlan(ctx.db, milano, programme, 2017, amountLines({ staff: 12_000_000, vouchers: 10_000_000 }, ['staff']))
  coordinator = bearer((await login(ctx, (await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })).email)).token)
  regional = bearer((await login(ctx, (await makeUser(ctx.db, 'regional_coordinator', { regionCode: '03' })).email)).token)
})
afterAll(async () => { await ctx.close() })

describe('execution', () => {
  it('staff costs by hand and postings from modules move the figures; burn chart and forecast follow', async () => {
    for (const month of [1, 2, 3]) {
      await ctx.http().post(`${url()}/staff-costs`).set(coordinator).send({ month, amountCents: 1_000_000 }).expect(201)
    }
    // Once per month and line.
    const dup = await ctx.http().post(`${url()}/staff-costs`).set(coordinator).send({ month: 2, amountCents: 5 }).expect(409)
    expect(dup.body.code).toBe('conflict')
    await ctx.http().post(`${url()}/staff-costs`).set(regional).send({ month: 4, amountCents: 5 }).expect(403)
    // The vouchers module opens a call (commit) and pays a grant from it (spend).
    await ctx.app.budget.commit(ctx.db, sys, { chamberId: milano, year: 2017, category: 'vouchers', amountCents: 4_000_000,
      source: { module: 'vouchers', ref: 'call:1' }, description: 'bando 1', bookedOn: '2017-02-10' })
    await ctx.app.budget.spend(ctx.db, sys, { chamberId: milano, year: 2017, category: 'vouchers', amountCents: 1_000_000,
      source: { module: 'vouchers', ref: 'call:1' }, description: 'liquidazione', bookedOn: '2017-03-15', fromCommitment: true })

    const plan = (await ctx.http().get(url()).set(regional).expect(200)).body as Plan
    expect(plan.lines.map((l) => [l.category, l.committedCents, l.spentCents, l.availableCents])).toEqual([
      ['staff', 0, 3_000_000, 9_000_000], ['vouchers', 3_000_000, 1_000_000, 6_000_000],
    ])
    expect(plan.totals).toMatchObject({ committedCents: 3_000_000, spentCents: 4_000_000, availableCents: 15_000_000 })

    const ex = (await ctx.http().get(`${url()}/execution?asOf=2017-03-31`).set(coordinator).expect(200)).body as Execution
    expect(ex.monthsElapsed).toBe(3)
    // Staff: 3,000,000 spent at 1,000,000 a month -> 9 more months -> 12,000,000, on plan.
    // Vouchers: 1,000,000 spent + 3,000,000 still committed -> 4,000,000, 6,000,000 under plan.
    expect(ex.lines.map((l) => [l.category, l.forecastCents, l.forecastDifferenceCents])).toEqual([
      ['staff', 12_000_000, 0], ['vouchers', 4_000_000, -6_000_000],
    ])
    expect(ex.forecastCents).toBe(16_000_000)
    expect(ex.months[1]).toMatchObject({ month: 2, spentCents: 1_000_000, cumulativeSpentCents: 2_000_000, committedCents: 4_000_000, forecast: false })
    expect(ex.months[2]).toMatchObject({ cumulativeSpentCents: 4_000_000, committedCents: 3_000_000, remainingCents: 15_000_000 })
    expect(ex.months[11]).toMatchObject({ cumulativeSpentCents: 16_000_000, forecast: true })
    // As of the end of January only one month of staff costs is known.
    const jan = (await ctx.http().get(`${url()}/execution?asOf=2017-01-31`).set(coordinator).expect(200)).body as Execution
    expect(jan.lines[0]).toMatchObject({ spentCents: 1_000_000, forecastCents: 12_000_000 })

    const postings = (await ctx.http().get(`${url()}/postings`).set(coordinator).expect(200)).body.items
    expect(postings[0]).toMatchObject({ category: 'staff', source: { module: 'budget', ref: 'staff:2017-03' }, bookedOn: '2017-03-31' })
    expect(postings[1]).toMatchObject({ category: 'vouchers', kind: 'spend', fromCommitment: true, source: { module: 'vouchers', ref: 'call:1' }, bookedOn: '2017-03-15' })
    expect(postings).toHaveLength(5)
  })

  it('postings by hand go through the budget service: more than available is refused', async () => {
    const res = await ctx.http().post(`${url()}/postings`).set(coordinator)
      .send({ category: 'vouchers', kind: 'commit', amountCents: 6_000_001, ref: 'call:2', description: 'bando 2' }).expect(409)
    expect(res.body).toMatchObject({ code: 'budget_exceeded', errors: [{ path: '/amountCents', message: 'available: 6000000' }] })
    await ctx.http().post(`${url()}/postings`).set(coordinator)
      .send({ category: 'vouchers', kind: 'commit', amountCents: 6_000_000, ref: 'call:2', description: 'bando 2' }).expect(201)
    await ctx.http().post(`${url()}/postings`).set(coordinator)
      .send({ category: 'vouchers', kind: 'release', amountCents: 7_000_000, ref: 'call:2', description: 'chiusura' }).expect(201)
    expect(await ctx.app.budget.available(ctx.db, milano, 2017, 'vouchers')).toBe(6_000_000)
    await ctx.http().post(`${url()}/postings`).set(coordinator).send({ category: 'vouchers', kind: 'spend', amountCents: 0, ref: 'x', description: 'x' }).expect(400)
    await ctx.http().post(`/api/v1/chambers/${milano}/budget/plans/2018/postings`).set(coordinator)
      .send({ category: 'vouchers', kind: 'spend', amountCents: 1, ref: 'x', description: 'x' }).expect(404)
  })

  it('counts elapsed months by the as-of date', () => {
    expect(monthsElapsed(2017, '2016-12-31')).toBe(0)
    expect(monthsElapsed(2017, '2017-07-01')).toBe(7)
    expect(monthsElapsed(2017, '2018-01-01')).toBe(12)
  })
})
