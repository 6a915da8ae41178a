import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, makeUser, login, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { userAuth } from '../../../test/actors.ts'
import { benchmark } from './benchmark.ts'

let ctx: TestContext
let milano: number, bergamo: number
let questionnaireId: number

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  questionnaireId = (await ctx.db.selectFrom('assessment_questionnaire').select('id').executeTakeFirstOrThrow()).id
})
afterAll(async () => { await ctx.close() })

/** A firm with a submitted (latest) assessment of this overall score, straight into the table. */
async function assessed(overall: number, o: { province?: string; section?: string; size?: string; region?: string } = {}) {
  const firm = await makeFirm(ctx.db, { province_code: o.province ?? 'MI', ateco_section: o.section ?? 'C', size_class: o.size ?? 'small' })
  const level = overall >= 80 ? 5 : overall >= 60 ? 4 : overall >= 40 ? 3 : overall >= 20 ? 2 : 1
  await ctx.db.insertInto('assessment').values({
    firm_id: firm.id, chamber_id: firm.chamberId, questionnaire_id: questionnaireId, status: 'submitted', firm_name: 'x',
    ateco_section: o.section ?? 'C', size_class: o.size ?? 'small', region_code: o.region ?? '03', overall, level,
    scores: JSON.stringify({ strategy: overall }), submitted_at: new Date(), round: 0, is_latest: true,
  }).execute()
  return firm
}

describe('benchmark and analytics', () => {
  it('percentile and median by section and size, regional and national, hidden below the minimum group size', async () => {
    for (const s of [10, 20, 30, 40, 50, 60, 70, 80, 90]) await assessed(s)
    let groups = await benchmark(ctx.db, { atecoSection: 'C', sizeClass: 'small', regionCode: '03', overall: 50 })
    expect(groups.map((g) => [g.available, g.firms])).toEqual([[false, 9], [false, 9]])
    await assessed(100)
    await assessed(50, { region: '12', province: 'MI' })
    groups = await benchmark(ctx.db, { atecoSection: 'C', sizeClass: 'small', regionCode: '03', overall: 50 })
    // Region: 10 firms (10..100), 4 below 50 and 1 equal -> (4 + 0.5) / 10 = 45; median 55.
    expect(groups[0]).toMatchObject({ scope: 'region', firms: 10, available: true, percentile: 45, median: 55 })
    // Nationally 11 firms: 4 below, 2 equal -> 5 / 11 = 45.45 -> 45; median 50.
    expect(groups[1]).toMatchObject({ scope: 'national', firms: 11, available: true, percentile: 45, median: 50 })
    const other = await benchmark(ctx.db, { atecoSection: 'G', sizeClass: 'small', regionCode: '03', overall: 50 })
    expect(other.every((g) => !g.available && g.percentile === null)).toBe(true)
  })

  it('distributions per chamber, region and network, by sector, size and PID, with CSV export; read-only roles across chambers', async () => {
    await assessed(85, { province: 'BG', section: 'G', size: 'micro' })
    const coordinator = { authorization: (await userAuth(ctx, 'digital_coordinator', milano)).authorization }
    const chamber = (await ctx.http().get(`/api/v1/chambers/${milano}/assessment/analytics?by=size`).set(coordinator).expect(200)).body
    expect(chamber.firms).toBe(11)
    expect(chamber.levels.reduce((s: number, n: number) => s + n, 0)).toBe(11)
    expect(chamber.groups).toEqual([{ key: 'small', label: null, firms: 11, levels: chamber.levels, median: 50 }])
    const regional = await makeUser(ctx.db, 'regional_coordinator', { regionCode: '03' })
    const reg = { authorization: `Bearer ${(await login(ctx, regional.email)).token}` }
    const region = (await ctx.http().get('/api/v1/regions/03/assessment/analytics?by=chamber').set(reg).expect(200)).body
    expect(region.firms).toBe(11)
    expect(region.groups.map((g: { label: string }) => g.label).sort()).toEqual(['Bergamo', 'Milano'])
    const levels = (await ctx.http().get('/api/v1/regions/03/assessment/levels').set(reg).expect(200)).body
    expect(levels).toEqual({ regionCode: '03', firms: 11, levels: region.levels })
    await ctx.http().get('/api/v1/regions/12/assessment/levels').set(reg).expect(403)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/assessment/analytics`).set(reg).expect(200)
    await ctx.http().put(`/api/v1/chambers/${milano}/assessments/1/review`).set(reg).send({ dimensions: { strategy: { score: 1 } }, improvementAreas: [] }).expect(403)
    const csv = await ctx.http().get('/api/v1/regions/03/assessment/analytics.csv?by=sector').set(reg).expect(200)
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.text.split('\n')[0]).toBe('sector,label,firms,level_1,level_2,level_3,level_4,level_5,median_score')
    const national = await makeUser(ctx.db, 'national_coordinator')
    const nat = { authorization: `Bearer ${(await login(ctx, national.email)).token}` }
    const all = (await ctx.http().get('/api/v1/network/assessment/analytics').set(nat).expect(200)).body
    expect(all.firms).toBe(12)
    expect(all.scoreBands.reduce((s: number, n: number) => s + n, 0)).toBe(12)
    await ctx.http().get('/api/v1/network/assessment/analytics').set(reg).expect(403)
  })
})
