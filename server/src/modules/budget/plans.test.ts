import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  reconcile, SEED_BRESCIA, SEED_NETWORK_LINES, SEED_NETWORK_STATED, SEED_PIDS, SEED_THRESHOLDS, splitAcrossPids,
  type Plan, type RegionPlan,
} from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { lineInputs } from '../../../test/budget-factories.ts'
import { LOMBARDY_CHAMBERS } from '../../demo/seed.ts'

let ctx: TestContext
let programmeId: number
const leaders = new Map<string, Auth>()
let regional: Auth
let national: Auth
let coordinatorMilano: Auth
let milano: number

const auth = async (role: Parameters<typeof makeUser>[1], scope: Parameters<typeof makeUser>[2] = {}) =>
  bearer((await login(ctx, (await makeUser(ctx.db, role, scope)).email)).token)

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  const admin = await auth('platform_admin')
  const res = await ctx.http().post('/api/v1/budget/programmes').set(admin)
    .send({ regionCode: '03', name: 'PID Lombardia 2017-2019', firstYear: 2017, lastYear: 2019, thresholds: SEED_THRESHOLDS }).expect(201)
  programmeId = res.body.id
  for (const [, name] of LOMBARDY_CHAMBERS) leaders.set(name, await auth('digital_leader', { chamberId: await chamberId(ctx.db, name) }))
  regional = await auth('regional_coordinator', { regionCode: '03' })
  national = await auth('national_coordinator')
  coordinatorMilano = await auth('digital_coordinator', { chamberId: milano })
})
afterAll(async () => { await ctx.close() })

const plans = (chamber: number) => `/api/v1/chambers/${chamber}/budget/plans`

describe("the seed's 12-PID plan", () => {
  it('loaded as the 12 chambers\' plans, reproduces the seed table exactly in the regional plan', async () => {
    const perPid = splitAcrossPids(SEED_NETWORK_LINES, SEED_PIDS)
    for (const [i, [, name]] of LOMBARDY_CHAMBERS.entries()) {
      await ctx.http().post(plans(await chamberId(ctx.db, name))).set(leaders.get(name)!)
        .send({ programmeId, year: 2017, lines: lineInputs(perPid[i]!) }).expect(201)
    }
    const region = (await ctx.http().get('/api/v1/regions/03/budget/plans/2017').set(regional).expect(200)).body as RegionPlan
    expect(region.lines.map((l) => [l.category, l.plannedCents / 100, l.sharePm])).toEqual([
      ['staff', 1_310_800, 156], ['promoters', 408_000, 49], ['mentoring', 186_000, 22], ['platforms', 360_000, 43],
      ['communication', 360_000, 43], ['support', 785_700, 93], ['location', 350_000, 42], ['vouchers', 4_635_920, 552],
    ])
    expect(region.totals).toMatchObject({
      subtotalCents: 376_050_000, subtotalSharePm: 448, voucherCents: 463_592_000, voucherSharePm: 552, totalCents: 839_642_000,
    })
    // Every figure the seed states agrees with what the API computes.
    expect(reconcile(region.lines, SEED_NETWORK_STATED)).toEqual([])
    expect(region.chambers).toHaveLength(12)
    expect(region.violations).toEqual([])
    // The national level reads it too; the allocation splits into internal costs and services.
    const nat = (await ctx.http().get('/api/v1/regions/03/budget/plans/2017').set(national).expect(200)).body as RegionPlan
    expect(nat.totals.internalCents + nat.totals.servicesCents).toBe(839_642_000)
    expect(nat.totals.internalCents).toBe(131_080_000 + 35_000_000)
  })

  it("a chamber's plan shows its drivers, amounts and shares", async () => {
    const plan = (await ctx.http().get(`${plans(milano)}/2017`).set(coordinatorMilano).expect(200)).body as Plan
    const staff = plan.lines.find((l) => l.category === 'staff')!
    expect(staff).toMatchObject({ formula: 'fte', quantity: '2.2', unitCents: 4_500_000, plannedCents: 9_900_000 + staff.extraCents })
    expect(plan.totals.totalCents).toBe(plan.lines.reduce((s, l) => s + l.plannedCents, 0))
    expect(plan.lines.reduce((s, l) => s + l.sharePm, 0)).toBe(1000)
    expect(plan.violations).toEqual([])
  })

  it('the programme rule waits for every year, then asks 60% over the three', async () => {
    const view = (await ctx.http().get(`/api/v1/regions/03/budget/programmes/${programmeId}`).set(regional).expect(200)).body
    expect(view.years.map((y: { planned: boolean }) => y.planned)).toEqual([true, false, false])
    expect(view.violations).toEqual([])
  })
})

describe('stated figures', () => {
  it("refuses Brescia's allocation as typed, naming the 9-euro difference, and stores nothing", async () => {
    const cremona = await chamberId(ctx.db, 'Cremona')
    const admin = await auth('platform_admin')
    const other = await ctx.http().post('/api/v1/budget/programmes').set(admin)
      .send({ regionCode: '03', name: 'Riparto 2020', firstYear: 2020, lastYear: 2020, thresholds: SEED_THRESHOLDS }).expect(201)
    const body = { programmeId: other.body.id, year: 2020, lines: lineInputs(SEED_BRESCIA.lines), stated: SEED_BRESCIA.stated }
    const res = await ctx.http().post(plans(cremona)).set(leaders.get('Cremona')!).send(body).expect(422)
    expect(res.body.code).toBe('budget_totals_mismatch')
    expect(res.body.errors).toEqual([
      { path: '/stated/total', message: 'total: stated 1090279.00, the lines add up to 1090288.00 (difference -9.00)' },
      { path: '/stated/allocation', message: 'stated allocation 1090279.00 but internal 218055.00 + services 872233.00 = 1090288.00 (difference -9.00)' },
    ])
    await ctx.http().get(`${plans(cremona)}/2020`).set(leaders.get('Cremona')!).expect(404)
    // The check answers the same without storing; with the total corrected the plan is stored.
    const check = await ctx.http().post(`${plans(cremona)}/check`).set(leaders.get('Cremona')!).send(body).expect(200)
    expect(check.body.differences.map((d: { differenceCents: number }) => d.differenceCents)).toEqual([-900, -900])
    const ok = await ctx.http().post(plans(cremona)).set(leaders.get('Cremona')!)
      .send({ ...body, stated: { ...SEED_BRESCIA.stated, totalCents: 109_028_800 } }).expect(201)
    // 218,055 of 1,090,288 is 19.99992%: within the 20% cap, shown as 20.0%.
    expect(ok.body.totals).toMatchObject({ internalSharePm: 200, servicesSharePm: 800 })
    // The allocation has no voucher line of its own: the voucher rules say so, the internal-cost rule holds.
    expect(ok.body.violations.map((v: { rule: string }) => v.rule)).toEqual(['voucher_share_year', 'voucher_share_programme'])
  })

  it('refuses a stated share that does not match its amount', async () => {
    const sondrio = await chamberId(ctx.db, 'Sondrio')
    const res = await ctx.http().post(plans(sondrio)).set(leaders.get('Sondrio')!).send({
      programmeId, year: 2018, lines: lineInputs(SEED_NETWORK_LINES), stated: { sharesPm: { support: 94, vouchers: 552 } },
    }).expect(422)
    expect(res.body.errors).toEqual([{ path: '/stated/share:support', message: 'share of Servizi di supporto: stated 9.4%, the amounts give 9.3% (difference 0.1 points)' }])
  })
})

describe('drivers and rules', () => {
  it('drivers are editable and the amount follows; a changed total is a violation until the leader accepts it', async () => {
    const plan = (await ctx.http().get(`${plans(milano)}/2017`).set(coordinatorMilano).expect(200)).body as Plan
    const staff = plan.lines.find((l) => l.category === 'staff')!
    const edited = (await ctx.http().patch(`${plans(milano)}/2017/lines/${staff.id}`).set(coordinatorMilano)
      .send({ quantity: '2.4' }).expect(200)).body as Plan
    const after = edited.lines.find((l) => l.category === 'staff')!
    expect(after.plannedCents - staff.plannedCents).toBe(900_000) // 0.2 FTE x 45,000
    // More staff: internal costs pass 20% (19.8% before), vouchers fall under 55.2%, the total grows.
    expect(edited.violations.map((v) => v.rule)).toEqual(['voucher_share_year', 'internal_share_max', 'grand_total'])
    expect(edited.violations[2]).toMatchObject({ byCents: 900_000, fix: 'reduce_lines' })
    expect(edited.violations[1]).toMatchObject({ actualPm: 208, thresholdPm: 200, fix: 'move_internal_to_services' })
    await ctx.http().put(`${plans(milano)}/2017/total`).set(coordinatorMilano).send({}).expect(403)
    const accepted = (await ctx.http().put(`${plans(milano)}/2017/total`).set(leaders.get('Milano')!).send({}).expect(200)).body as Plan
    expect(accepted.baselineTotalCents).toBe(plan.totals.totalCents + 900_000)
    expect(accepted.violations.map((v) => v.rule)).toEqual(['voucher_share_year', 'internal_share_max'])
    expect(accepted.violations[0]!.message).toMatch(/move at least .* EUR from other lines to vouchers/)
    // A line of another chamber is not reachable through this chamber's path.
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    const other = (await ctx.http().get(`${plans(bergamo)}/2017`).set(leaders.get('Bergamo')!).expect(200)).body as Plan
    await ctx.http().patch(`${plans(milano)}/2017/lines/${other.lines[0]!.id}`).set(coordinatorMilano).send({ quantity: '1' }).expect(404)
    await ctx.http().patch(`${plans(milano)}/2017/lines/${staff.id}`).set(coordinatorMilano).send({ quantity: 'two' }).expect(400)
  })

  it('lines may be added; a duplicate category is refused', async () => {
    const lecco = await chamberId(ctx.db, 'Lecco')
    const body = { category: 'experience_center', label: 'Experience center', nature: 'services', formula: 'events', quantity: '4', unitCents: 150_000, extraCents: 0 }
    const plan = (await ctx.http().post(`${plans(lecco)}/2017/lines`).set(leaders.get('Lecco')!).send(body).expect(201)).body as Plan
    expect(plan.lines.at(-1)).toMatchObject({ category: 'experience_center', plannedCents: 600_000, position: 9 })
    await ctx.http().post(`${plans(lecco)}/2017/lines`).set(leaders.get('Lecco')!).send(body).expect(409)
    await ctx.http().post(`${plans(lecco)}/2017/lines`).set(leaders.get('Lecco')!)
      .send({ ...body, category: 'x_amount', formula: 'amount' }).expect(400)
  })

  it('rolls the year over: start-up savings move to next year\'s vouchers', async () => {
    const varese = await chamberId(ctx.db, 'Varese')
    const plan = (await ctx.http().get(`${plans(varese)}/2017`).set(leaders.get('Varese')!).expect(200)).body as Plan
    // Location spent 10,000 of its 29,166.66; platforms all of its 30,000.
    await ctx.app.budget.spend(ctx.db, { actorId: null, requestId: 't', ip: null }, {
      chamberId: varese, year: 2017, category: 'location', amountCents: 1_000_000, source: { module: 'manual', ref: 'inv-1' }, description: 'arredi', fromCommitment: false })
    await ctx.app.budget.spend(ctx.db, { actorId: null, requestId: 't', ip: null }, {
      chamberId: varese, year: 2017, category: 'platforms', amountCents: 3_000_000, source: { module: 'manual', ref: 'inv-2' }, description: 'software', fromCommitment: false })
    await ctx.http().post(`${plans(varese)}/2017/rollover`).set(coordinatorMilano).send({}).expect(403)
    const res = await ctx.http().post(`${plans(varese)}/2017/rollover`).set(leaders.get('Varese')!).send({}).expect(201)
    const location = plan.lines.find((l) => l.category === 'location')!.plannedCents
    expect(res.body.movedToVouchersCents).toBe(location - 1_000_000)
    const next = res.body.plan as Plan
    const v17 = plan.lines.find((l) => l.category === 'vouchers')!.plannedCents
    expect(next.lines.find((l) => l.category === 'vouchers')!.plannedCents).toBe(v17 + location - 1_000_000)
    expect(next.baselineTotalCents).toBe(plan.totals.totalCents + location - 1_000_000)
    await ctx.http().post(`${plans(varese)}/2017/rollover`).set(leaders.get('Varese')!).send({}).expect(409)
  })
})
