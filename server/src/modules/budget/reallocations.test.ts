import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Plan, Reallocation } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { amountLines, makePlan, makeProgramme } from '../../../test/budget-factories.ts'

let ctx: TestContext
let milano: number
let leader: Auth
let coordinator: Auth
let regional: Auth
const url = () => `/api/v1/chambers/${milano}/budget/plans/2017`

const auth = async (role: Parameters<typeof makeUser>[1], scope: Parameters<typeof makeUser>[2] = {}) =>
  bearer((await login(ctx, (await makeUser(ctx.db, role, scope)).email)).token)

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  const programme = await makeProgramme(ctx.db)
  // Vouchers 56.0% of 100,000 (55.2% needed): 800 EUR of slack. Internal (staff) 10%.
  await makePlan(ctx.db, milano, programme, 2017, amountLines({ staff: 1_000_000, support: 3_400_000, vouchers: 5_600_000 }, ['staff']))
  leader = await auth('digital_leader', { chamberId: milano })
  coordinator = await auth('digital_coordinator', { chamberId: milano })
  regional = await auth('regional_coordinator', { regionCode: '03' })
})
afterAll(async () => { await ctx.close() })

const propose = async (body: object, who = coordinator) => (await ctx.http().post(`${url()}/reallocations`).set(who).send(body).expect(201)).body as Reallocation
const plan = async () => (await ctx.http().get(url()).set(leader).expect(200)).body as Plan
const amount = (p: Plan, category: string) => p.lines.find((l) => l.category === category)!.plannedCents

describe('reallocations', () => {
  it('a coordinator proposes with a reason, the leader approves: applied atomically and audited', async () => {
    const r = await propose({ fromCategory: 'support', toCategory: 'staff', amountCents: 50_000, reason: 'un mese in più di formazione' })
    expect(r).toMatchObject({ status: 'proposed', fromCategory: 'support', toCategory: 'staff', violations: [] })
    await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(coordinator).send({}).expect(403)
    await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(regional).send({}).expect(403)
    const done = (await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(leader).send({ note: 'ok' }).expect(200)).body as Reallocation
    expect(done).toMatchObject({ status: 'approved', decisionNote: 'ok' })
    const p = await plan()
    expect([amount(p, 'staff'), amount(p, 'support')]).toEqual([1_050_000, 3_350_000])
    expect(p.totals.totalCents).toBe(10_000_000)
    expect(p.lines.find((l) => l.category === 'staff')!.adjustmentCents).toBe(50_000)
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'budget_reallocation').orderBy('id').execute()
    expect(audits.map((a) => a.action)).toEqual(['budget.reallocation.proposed', 'budget.reallocation.approved'])
    await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(leader).send({}).expect(409)
  })

  it('a proposal that would break a rule says which, by how much and the fix; approval is refused and changes nothing', async () => {
    // Taking 1,000 EUR from vouchers leaves them at 55.0%: 200 EUR short of 55.2%.
    const r = await propose({ fromCategory: 'vouchers', toCategory: 'support', amountCents: 100_000, reason: 'più servizi' })
    expect(r.violations).toEqual([expect.objectContaining({ rule: 'voucher_share_year', byCents: 20_000, fix: 'move_to_vouchers' })])
    const before = await plan()
    const res = await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(leader).send({}).expect(422)
    expect(res.body.code).toBe('budget_rules_violated')
    expect(res.body.errors[0].message).toContain('move at least 200.00 EUR')
    expect(await plan()).toEqual(before)
    const rejected = await ctx.http().post(`${url()}/reallocations/${r.id}/reject`).set(leader).send({ note: 'no' }).expect(200)
    expect(rejected.body.status).toBe('rejected')
  })

  it('two reallocations approved at once never break a rule together', async () => {
    // Each takes 500 EUR from vouchers (56.0% -> 55.5%): fine alone, 55.0% together.
    const a = await propose({ fromCategory: 'vouchers', toCategory: 'support', amountCents: 50_000, reason: 'evento A' })
    const b = await propose({ fromCategory: 'vouchers', toCategory: 'staff', amountCents: 50_000, reason: 'evento B' })
    expect([a.violations, b.violations]).toEqual([[], []])
    const results = await Promise.all([a, b].map((r) => ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(leader).send({})))
    expect(results.map((r) => r.status).sort()).toEqual([200, 422])
    const p = await plan()
    expect(amount(p, 'vouchers')).toBe(5_550_000)
    expect(p.violations).toEqual([])
    const list = (await ctx.http().get(`${url()}/reallocations`).set(regional).expect(200)).body.items as Reallocation[]
    const pending = list.find((r) => r.status === 'proposed')!
    expect(pending.violations.map((v) => v.rule)).toEqual(['voucher_share_year'])
  })

  it('money already committed cannot be moved away', async () => {
    const free = await ctx.app.budget.available(ctx.db, milano, 2017, 'support')
    await ctx.app.budget.commit(ctx.db, { actorId: null, requestId: 't', ip: null }, {
      chamberId: milano, year: 2017, category: 'support', amountCents: free - 50_000, source: { module: 'events', ref: 'e1' }, description: 'eventi' })
    const r = await propose({ fromCategory: 'support', toCategory: 'vouchers', amountCents: 100_000, reason: 'più voucher' })
    const res = await ctx.http().post(`${url()}/reallocations/${r.id}/approve`).set(leader).send({}).expect(409)
    expect(res.body.code).toBe('budget_exceeded')
    await ctx.http().post(`${url()}/reallocations`).set(coordinator).send({ fromCategory: 'support', toCategory: 'support', amountCents: 1, reason: 'xxx' }).expect(400)
    await ctx.http().post(`${url()}/reallocations`).set(coordinator).send({ fromCategory: 'nope', toCategory: 'support', amountCents: 1, reason: 'xxx' }).expect(400)
    await ctx.http().post(`${url()}/reallocations`).set(regional).send({ fromCategory: 'support', toCategory: 'vouchers', amountCents: 1, reason: 'xxx' }).expect(403)
  })
})
