import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Plan, RegionPlan } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../test/helpers.ts'
import { amountLines, makePlan, makeProgramme } from '../../../test/budget-factories.ts'

/** Row-level scoping of the budget: which role reaches which chamber's plans, and who may write. */
let ctx: TestContext
let milano: number, bergamo: number, roma: number
let programmeId: number
const who = new Map<string, Auth>()
let milanoLineId: number
let bergamoLineId: number

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  roma = (await ctx.db.insertInto('chamber').values({ name: 'Camera di commercio di Roma', short_name: 'Roma', region_code: '12', pid_name: 'PID Roma', active_from: '2017-01-01' })
    .returning('id').executeTakeFirstOrThrow()).id
  programmeId = await makeProgramme(ctx.db)
  const lazio = await makeProgramme(ctx.db, undefined, '12')
  await makePlan(ctx.db, milano, programmeId, 2017, amountLines({ staff: 1_000_000, vouchers: 9_000_000 }, ['staff']))
  await makePlan(ctx.db, bergamo, programmeId, 2017, amountLines({ staff: 2_000_000, vouchers: 8_000_000 }, ['staff']))
  await makePlan(ctx.db, roma, lazio, 2017, amountLines({ vouchers: 77_000_000 }))
  const line = (chamber: number) => ctx.db.selectFrom('budget_line').select('id').where('chamber_id', '=', chamber).orderBy('id').executeTakeFirstOrThrow()
  milanoLineId = (await line(milano)).id
  bergamoLineId = (await line(bergamo)).id
  const users: [string, Parameters<typeof makeUser>[1], Parameters<typeof makeUser>[2]][] = [
    ['leader', 'digital_leader', { chamberId: milano }], ['coordinator', 'digital_coordinator', { chamberId: milano }],
    ['promoter', 'digital_promoter', { chamberId: milano }], ['regional', 'regional_coordinator', { regionCode: '03' }],
    ['national', 'national_coordinator', {}], ['admin', 'platform_admin', {}],
  ]
  for (const [name, role, scope] of users) who.set(name, bearer((await login(ctx, (await makeUser(ctx.db, role, scope)).email)).token))
})
afterAll(async () => { await ctx.close() })

const plan = (c: number) => `/api/v1/chambers/${c}/budget/plans/2017`
const writes = (c: number, lineId: number): [string, string, object][] => [
  ['post', `/api/v1/chambers/${c}/budget/plans`, { programmeId, year: 2018, lines: [{ category: 'vouchers', label: 'V', nature: 'services', formula: 'amount', extraCents: 1 }] }],
  ['patch', `${plan(c)}/lines/${lineId}`, { extraCents: 1_000_001 }],
  ['post', `${plan(c)}/lines`, { category: 'extra', label: 'E', nature: 'services', formula: 'amount', extraCents: 1 }],
  ['put', `${plan(c)}/total`, {}],
  ['post', `${plan(c)}/rollover`, {}],
  ['post', `${plan(c)}/staff-costs`, { month: 1, amountCents: 1 }],
  ['post', `${plan(c)}/postings`, { category: 'vouchers', kind: 'commit', amountCents: 1, ref: 'r', description: 'd' }],
  ['post', `${plan(c)}/reallocations`, { fromCategory: 'vouchers', toCategory: 'staff', amountCents: 1, reason: 'xyz' }],
]

describe('budget scoping', () => {
  it("a chamber's staff reach their own chamber's plan only", async () => {
    await ctx.http().get(plan(milano)).set(who.get('coordinator')!).expect(200)
    for (const url of [plan(bergamo), `${plan(bergamo)}/execution`, `${plan(bergamo)}/export`, `${plan(bergamo)}/reallocations`, `${plan(bergamo)}/postings`,
      '/api/v1/regions/03/budget/plans/2017', `/api/v1/chambers/${bergamo}/budget/programmes/${programmeId}`]) {
      await ctx.http().get(url).set(who.get('leader')!).expect(403)
    }
    for (const [method, url, body] of writes(bergamo, bergamoLineId)) {
      const res = await ctx.http()[method as 'post'](url).set(who.get('leader')!).send(body)
      expect(res.status, `${method} ${url}`).toBe(403)
    }
    // A line id of another chamber is not found through one's own chamber.
    await ctx.http().patch(`${plan(milano)}/lines/${bergamoLineId}`).set(who.get('leader')!).send({ extraCents: 5 }).expect(404)
    // Promoters and the platform admin do not see budgets.
    await ctx.http().get(plan(milano)).set(who.get('promoter')!).expect(403)
    await ctx.http().get(plan(milano)).set(who.get('admin')!).expect(403)
  })

  it('regional and national roles read across chambers and never write', async () => {
    for (const role of ['regional', 'national']) {
      const a = who.get(role)!
      for (const c of [milano, bergamo]) {
        expect(((await ctx.http().get(plan(c)).set(a).expect(200)).body as Plan).chamber.id).toBe(c)
        await ctx.http().get(`${plan(c)}/execution`).set(a).expect(200)
        await ctx.http().get(`${plan(c)}/export?format=xlsx`).set(a).expect(200)
      }
      for (const [c, lineId] of [[milano, milanoLineId], [bergamo, bergamoLineId]] as const) {
        for (const [method, url, body] of writes(c, lineId)) {
          const res = await ctx.http()[method as 'post'](url).set(a).send(body)
          expect(res.status, `${role} ${method} ${url}`).toBe(403)
        }
      }
    }
    expect(await ctx.db.selectFrom('budget_posting').select('id').execute()).toEqual([])
    expect((await ctx.db.selectFrom('budget_plan').select('id').execute()).length).toBe(3)
  })

  it("the regional plan sums only the region's chambers; another region is refused to a regional role", async () => {
    const region = (await ctx.http().get('/api/v1/regions/03/budget/plans/2017').set(who.get('regional')!).expect(200)).body as RegionPlan
    expect(region.totals.totalCents).toBe(20_000_000)
    expect(region.chambers.map((c) => c.chamber.id).sort()).toEqual([milano, bergamo].sort())
    await ctx.http().get('/api/v1/regions/12/budget/plans/2017').set(who.get('regional')!).expect(403)
    await ctx.http().get(plan(roma)).set(who.get('regional')!).expect(403)
    const lazio = (await ctx.http().get('/api/v1/regions/12/budget/plans/2017').set(who.get('national')!).expect(200)).body as RegionPlan
    expect(lazio.totals.totalCents).toBe(77_000_000)
    // A programme of another region is not shown through a chamber or region path.
    const other = (await ctx.db.selectFrom('budget_programme').select('id').where('region_code', '=', '12').executeTakeFirstOrThrow()).id
    await ctx.http().get(`/api/v1/regions/03/budget/programmes/${other}`).set(who.get('national')!).expect(404)
    await ctx.http().get(`/api/v1/chambers/${milano}/budget/programmes/${other}`).set(who.get('leader')!).expect(404)
  })

  it('only the platform admin sets up programmes and thresholds', async () => {
    const body = { regionCode: '03', name: 'PID 2020-2022', firstYear: 2020, lastYear: 2022, thresholds: { voucherShareMinYearPm: 500, voucherShareMinProgrammePm: 600, internalShareMaxPm: 200 } }
    for (const role of ['leader', 'regional', 'national']) await ctx.http().post('/api/v1/budget/programmes').set(who.get(role)!).send(body).expect(403)
    const created = await ctx.http().post('/api/v1/budget/programmes').set(who.get('admin')!).send(body).expect(201)
    await ctx.http().post('/api/v1/budget/programmes').set(who.get('admin')!).send({ ...body, lastYear: 2040 }).expect(400)
    const patched = await ctx.http().patch(`/api/v1/budget/programmes/${created.body.id}`).set(who.get('admin')!)
      .send({ thresholds: { ...body.thresholds, voucherShareMinYearPm: 552 } }).expect(200)
    expect(patched.body.thresholds.voucherShareMinYearPm).toBe(552)
    await ctx.http().patch(`/api/v1/budget/programmes/${created.body.id}`).set(who.get('leader')!).send({ thresholds: body.thresholds }).expect(403)
    const list = await ctx.http().get('/api/v1/budget/programmes').set(who.get('coordinator')!).expect(200)
    expect(list.body.items).toHaveLength(3)
  })
})
