import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcile, SEED_NETWORK_STATED, type Execution, type Plan, type ProgrammeView, type RegionPlan, type Reallocation } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../test/helpers.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('demo budget', () => {
  it("shows a newcomer the seed's plan: the regional plan of 2017 is the seed's table", async () => {
    const auth = await demoAuth(ctx, 'regione@pid.example')
    const region = (await ctx.http().get('/api/v1/regions/03/budget/plans/2017').set(auth).expect(200)).body as RegionPlan
    expect(reconcile(region.lines, SEED_NETWORK_STATED)).toEqual([])
    expect(region.totals.totalCents).toBe(839_642_000)
    expect(region.violations).toEqual([])
    // Over the three years the start-up savings take vouchers past 60%, the yearly total unchanged.
    const programmes = (await ctx.http().get('/api/v1/budget/programmes').set(auth).expect(200)).body.items
    const view = (await ctx.http().get(`/api/v1/regions/03/budget/programmes/${programmes[0].id}`).set(auth).expect(200)).body as ProgrammeView
    expect(view.years.map((y) => y.totalCents)).toEqual([839_642_000, 839_642_000, 839_642_000])
    expect(view.violations).toEqual([])
    expect(view.totals.voucherSharePm).toBeGreaterThanOrEqual(600)
  })

  it("gives Milano's leader a plan with execution and a reallocation to decide", async () => {
    const auth = await demoAuth(ctx, 'leader@pid.example')
    const milano = await chamberId(ctx.db, 'Milano')
    const plan = (await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/2017`).set(auth).expect(200)).body as Plan
    expect(plan.violations).toEqual([])
    expect(plan.totals.spentCents).toBeGreaterThan(0)
    const ex = (await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/2017/execution?asOf=2017-09-30`).set(auth).expect(200)).body as Execution
    expect(ex.monthsElapsed).toBe(9)
    const pending = (await ctx.http().get(`/api/v1/chambers/${milano}/budget/plans/2017/reallocations`).set(auth).expect(200)).body.items as Reallocation[]
    expect(pending).toEqual([expect.objectContaining({ status: 'proposed', fromCategory: 'support', toCategory: 'communication', violations: [] })])
  })
})
