import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MonitoringFigures } from '@pid/shared'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../test/helpers.ts'
import { makeFirm, makePartner } from '../../../test/crm-factories.ts'
import { makeEvent, makeRegistration } from '../../../test/experience-factories.ts'
import { REBUILD_QUEUE, REFRESH_QUEUE } from './index.ts'
import { thisMonth } from './figures.service.ts'

/**
 * Network monitoring over real data: facts made through the API and the factories in 2024 (before
 * anything the demo seeds), the jobs run by hand, and the routes' answers checked against what was
 * made and against direct counts.
 */
let ctx: TestContext
let milano: number, bergamo: number
const auth: Record<string, { authorization: string }> = {}
const firms: Record<string, number> = {}

const get = async (url: string, who = auth.leader!) => (await ctx.http().get(`/api/v1${url}`).set(who).expect(200)).body
const series = (f: MonitoringFigures, metric: string) => f.series.find((s) => s.metric === metric)!.values

async function runJob(queue: string) {
  await ctx.app.jobs.enqueue(ctx.db, queue, {})
  expect(await ctx.app.jobs.runOnce([queue])).toBe(true)
}

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  for (const [key, email] of [['leader', 'leader@pid.example'], ['coordinator', 'coordinatore@pid.example'], ['promoter', 'promotore@pid.example'],
    ['region', 'regione@pid.example'], ['national', 'nazionale@pid.example']] as const) {
    auth[key] = { authorization: `Bearer ${(await loginDemo(ctx, email)).token}` }
  }
  firms.f1 = (await makeFirm(ctx.db, { ateco_section: 'C', ateco_code: '25.11.0', size_class: 'small' })).id
  firms.f2 = (await makeFirm(ctx.db, { ateco_section: 'J', size_class: 'micro' })).id
  firms.f3 = (await makeFirm(ctx.db, { ateco_section: 'C', ateco_code: '25.11.0', size_class: 'micro' })).id
  const log = (firmId: number, occurredAt: string, type = 'call') => ctx.http().post(`/api/v1/chambers/${milano}/firms/${firmId}/timeline`)
    .set(auth.promoter!).send({ type, occurredAt, summary: 'Contatto' }).expect(201)
  await log(firms.f1, '2024-01-15T09:00:00.000Z')
  await log(firms.f1, '2024-02-10T09:00:00.000Z', 'email')
  await log(firms.f2, '2024-02-20T09:00:00.000Z')
  await log(firms.f3, '2023-12-20T09:00:00.000Z') // reached before the quarter
  await log(firms.f3, '2024-03-31T21:30:00.000Z') // 23:30 on 31 March in Rome
  await log(firms.f3, '2024-03-31T22:30:00.000Z') // 00:30 on 1 April in Rome: April

  // Two self-assessments in February (40 and 61: mean 50.5), with the section and size they were made with.
  const questionnaireId = (await ctx.db.selectFrom('assessment_questionnaire').select('id').executeTakeFirstOrThrow()).id
  for (const [firmId, overall] of [[firms.f1, 40], [firms.f2, 61]] as const) {
    await ctx.db.insertInto('assessment').values({
      firm_id: firmId, chamber_id: milano, questionnaire_id: questionnaireId, status: 'submitted', firm_name: 'x',
      ateco_section: firmId === firms.f1 ? 'C' : 'J', size_class: firmId === firms.f1 ? 'small' : 'micro', region_code: '03', overall,
      level: 3, scores: JSON.stringify({ strategy: overall }), submitted_at: new Date('2024-02-12T10:00:00Z'), round: 0, is_latest: false,
    }).execute()
  }
  // An event held in March with one check-in; a cancelled one does not count.
  const held = await makeEvent(ctx.db, milano, { starts_at: new Date('2024-03-10T09:00:00Z'), ends_at: new Date('2024-03-10T11:00:00Z') })
  await makeEvent(ctx.db, milano, { starts_at: new Date('2024-03-12T09:00:00Z'), ends_at: new Date('2024-03-12T11:00:00Z'), status: 'cancelled' })
  const reg = await makeRegistration(ctx.db, held.id, { firmId: firms.f2 })
  await ctx.db.updateTable('ec_registration').set({ checked_in_at: new Date('2024-03-10T09:05:00Z') }).where('id', '=', reg.id).execute()
  // Two referrals made in February, one closed solved (counted completed), one not solved.
  const partnerId = await makePartner(ctx.db)
  for (const outcome of ['solved', 'not_solved']) {
    await ctx.db.insertInto('referral').values({
      firm_id: firms.f1, chamber_id: milano, partner_id: partnerId, need: 'e-commerce', status: 'completed', due_on: '2024-03-01',
      feedback: JSON.stringify({ outcome, servicesDelivered: [], followUp: '' }), created_at: new Date('2024-02-01T10:00:00Z'),
      completed_at: new Date('2024-02-25T10:00:00Z'),
    }).execute()
  }
  await runJob(REBUILD_QUEUE)
})
afterAll(async () => { await ctx.close() })

describe('network monitoring: figures', () => {
  it("gives a chamber's months: touches, firms reached at their first touch, assessments, events, referrals", async () => {
    const f: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2024-01&to=2024-04`)
    expect(f).toMatchObject({ scope: 'chamber', granularity: 'month', periods: ['2024-01', '2024-02', '2024-03', '2024-04'] })
    expect(series(f, 'touches')).toEqual([1, 2, 1, 1])
    expect(series(f, 'firms_reached')).toEqual([1, 1, 0, 0])
    expect(series(f, 'assessments')).toEqual([0, 2, 0, 0])
    expect(series(f, 'assessment_score_sum')).toEqual([0, 101, 0, 0])
    expect(f.meanMaturity).toEqual([null, 50.5, null, null])
    expect(series(f, 'events_held')).toEqual([0, 0, 1, 0])
    expect(series(f, 'event_attendances')).toEqual([0, 0, 1, 0])
    expect(series(f, 'referrals')).toEqual([0, 2, 0, 0])
    expect(series(f, 'referrals_completed')).toEqual([0, 1, 0, 0])
    expect(f.perChamber).toBeUndefined()
    expect(f.updatedAt).not.toBeNull()
  })

  it('equals direct counts of the touches over every month and chamber', async () => {
    const direct = await sql<{ n: string }>`SELECT count(*) AS n FROM timeline_event WHERE chamber_id = ${milano}
      AND type NOT IN ('stage_change', 'registry_update', 'merge') AND occurred_at >= '2023-12-01T00:00:00+01' AND occurred_at < '2024-05-01T00:00:00+02'`.execute(ctx.db)
    const f: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2023-12&to=2024-04&granularity=year`)
    expect(f.periods).toEqual(['2023', '2024'])
    expect(series(f, 'touches').reduce((a, b) => a + b, 0)).toBe(Number(direct.rows[0]!.n))
    expect(series(f, 'touches')).toEqual([1, 5])
    expect(series(f, 'firms_reached')).toEqual([1, 2])
  })

  it('sums quarters and filters by section and size class', async () => {
    const q: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2024-01&to=2024-06&granularity=quarter`)
    expect(q.periods).toEqual(['2024-Q1', '2024-Q2'])
    expect(series(q, 'touches')).toEqual([4, 1])
    expect(q.meanMaturity).toEqual([50.5, null])
    const c: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2024-01&to=2024-03&section=C`)
    expect(series(c, 'touches')).toEqual([1, 1, 1])
    expect(series(c, 'assessments')).toEqual([0, 1, 0])
    const micro: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2024-01&to=2024-03&sizeClass=micro`)
    expect(series(micro, 'touches')).toEqual([0, 1, 1])
    expect(series(micro, 'firms_reached')).toEqual([0, 1, 0])
  })

  it('shows a new touch once the minute job has run', async () => {
    const month = thisMonth()
    const before: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${month}&to=${month}`)
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firms.f2}/timeline`).set(auth.promoter!)
      .send({ type: 'call', occurredAt: new Date().toISOString(), summary: 'Richiamata' }).expect(201)
    const stale: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${month}&to=${month}`)
    expect(series(stale, 'touches')).toEqual(series(before, 'touches'))
    await runJob(REFRESH_QUEUE)
    const after: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=${month}&to=${month}`)
    expect(series(after, 'touches')[0]).toBe(series(before, 'touches')[0]! + 1)
    expect(after.updatedAt! > before.updatedAt!).toBe(true)
    // The months before are left as they were.
    const old: MonitoringFigures = await get(`/chambers/${milano}/monitoring/figures?from=2024-01&to=2024-04`)
    expect(series(old, 'touches')).toEqual([1, 2, 1, 1])
  })

  it("rolls a region's chambers up, side by side, and the network's; regional roles see only their region", async () => {
    const r: MonitoringFigures = await get('/regions/03/monitoring/figures?from=2024-01&to=2024-04', auth.region)
    const inRegion = await ctx.db.selectFrom('chamber').select('id').where('region_code', '=', '03').execute()
    expect(r.perChamber!.map((c) => c.chamberId).sort()).toEqual(inRegion.map((c) => c.id).sort())
    expect(r.perChamber!.find((c) => c.chamberId === milano)!.totals.touches).toBe(5)
    expect(series(r, 'touches')).toEqual([1, 2, 1, 1])
    await ctx.http().get('/api/v1/regions/12/monitoring/figures').set(auth.region!).expect(403)
    await ctx.http().get('/api/v1/monitoring/figures').set(auth.region!).expect(403)
    const n: MonitoringFigures = await get('/monitoring/figures?from=2024-01&to=2024-04&granularity=year', auth.national)
    expect(n).toMatchObject({ scope: 'network', periods: ['2024'] })
    expect(n.perChamber!.length).toBe(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM chamber`.execute(ctx.db)).rows[0]!.n))
    await ctx.http().get(`/api/v1/chambers/${bergamo}/monitoring/figures`).set(auth.leader!).expect(403)
  })

  it('refuses a reversed or too long period and unknown filters, with problem+json', async () => {
    for (const q of ['from=2024-05&to=2024-01', 'from=2000-01&to=2024-01', 'section=c', 'sizeClass=huge', 'granularity=week', 'from=2024-13']) {
      const res = await ctx.http().get(`/api/v1/chambers/${milano}/monitoring/figures?${q}`).set(auth.leader!).expect(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
    }
    await ctx.http().get('/api/v1/regions/99/monitoring/figures').set(auth.national!).expect(404)
  })
})

describe('network monitoring: funnel', () => {
  it('counts active, unmerged firms per stage as the firm table has them, with the conversion', async () => {
    const direct = await sql<{ stage: number; n: string }>`SELECT stage, count(*) AS n FROM firm WHERE chamber_id = ${milano}
      AND merged_into_id IS NULL AND status = 'active' GROUP BY stage`.execute(ctx.db)
    const f = await get(`/chambers/${milano}/monitoring/funnel`)
    for (const s of f.stages) expect(s.firms).toBe(Number(direct.rows.find((r) => r.stage === s.stage)?.n ?? 0))
    expect(f.stages[0].reached).toBe(direct.rows.reduce((a, r) => a + Number(r.n), 0))
    expect(f.stages[0].conversion).toBeNull()
    const c = await get(`/chambers/${milano}/monitoring/funnel?section=C&sizeClass=micro`)
    expect(c.stages.reduce((a: number, s: { firms: number }) => a + s.firms, 0)).toBe(1)
    const region = await get('/regions/03/monitoring/funnel', auth.region)
    expect(region.stages[0].reached).toBeGreaterThanOrEqual(f.stages[0].reached)
  })
})

describe('network monitoring: targets', () => {
  const body = { targets: { firms_reached: 10, assessments: 4, events_held: null, voucher_paid_cents: 0 } }

  it('lets the leader set a year, audited, and shows the progress from the figures', async () => {
    const set = (await ctx.http().put(`/api/v1/chambers/${milano}/monitoring/targets/2024`).set(auth.leader!).send(body).expect(200)).body
    expect(set).toMatchObject({ chamberId: milano, year: 2024, updatedBy: 'Laura Digital Leader' })
    expect(set.items).toEqual([
      { metric: 'firms_reached', target: 10, actual: 2, progress: 20 },
      { metric: 'assessments', target: 4, actual: 2, progress: 50 },
      { metric: 'events_held', target: null, actual: 1, progress: null },
      { metric: 'voucher_paid_cents', target: 0, actual: 0, progress: null },
    ])
    expect(await get(`/chambers/${milano}/monitoring/targets?year=2024`, auth.promoter)).toEqual(set)
    const audit = await ctx.db.selectFrom('audit_log').select(['after']).where('action', '=', 'monitoring.targets.set').execute()
    expect(audit).toHaveLength(1)
    // Clearing one leaves the others.
    const cleared = (await ctx.http().put(`/api/v1/chambers/${milano}/monitoring/targets/2024`).set(auth.leader!)
      .send({ targets: { ...body.targets, assessments: null } }).expect(200)).body
    expect(cleared.items[1]).toEqual({ metric: 'assessments', target: null, actual: 2, progress: null })
    // This year by default.
    expect((await get(`/chambers/${milano}/monitoring/targets`)).year).toBe(Number(thisMonth().slice(0, 4)))
  })

  it('writes nothing on bad input, lets only the leader write, and only for their chamber', async () => {
    const rows = async () => Number((await sql<{ n: string }>`SELECT (SELECT count(*) FROM monitoring_target) + (SELECT count(*) FROM audit_log) AS n`.execute(ctx.db)).rows[0]!.n)
    const before = await rows()
    const url = `/api/v1/chambers/${milano}/monitoring/targets/2025`
    for (const bad of [{}, { targets: { firms_reached: 1 } }, { targets: { ...body.targets, firms_reached: -1 } },
      { targets: { ...body.targets, extra: 1 } }, { targets: { ...body.targets, assessments: 1.5 } }]) {
      await ctx.http().put(url).set(auth.leader!).send(bad).expect(400)
    }
    await ctx.http().put(`/api/v1/chambers/${milano}/monitoring/targets/1999`).set(auth.leader!).send(body).expect(400)
    await ctx.http().put(url).set(auth.coordinator!).send(body).expect(403)
    await ctx.http().put(`/api/v1/chambers/${bergamo}/monitoring/targets/2025`).set(auth.leader!).send(body).expect(403)
    await ctx.http().put(url).set(auth.region!).send(body).expect(403)
    expect(await rows()).toBe(before)
    // A chamber merged into Milano: the leader reaches its history, but sets no targets for it.
    const predecessor = (await ctx.db.insertInto('chamber').values({
      name: 'Camera di commercio di Vecchia Brianza', short_name: 'Vecchia', region_code: '03', pid_name: 'PID Vecchia',
      active_from: '2010-01-01', active_to: '2016-12-31', merged_into_id: milano,
    }).returning('id').executeTakeFirstOrThrow()).id
    // Signed in again: the token's grants now hold the predecessor (signing in is audited: counted after).
    const leader = { authorization: `Bearer ${(await loginDemo(ctx, 'leader@pid.example')).token}` }
    const before2 = await rows()
    await ctx.http().put(`/api/v1/chambers/${predecessor}/monitoring/targets/2025`).set(leader).send(body).expect(409)
    expect(await rows()).toBe(before2)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/monitoring/targets`).set(auth.leader!).expect(403)
  })

  it("shows a region's chambers side by side (no names), the network's all, and no other region", async () => {
    const r = await get('/regions/03/monitoring/targets?year=2024', auth.region)
    const inRegion = await ctx.db.selectFrom('chamber').select('id').where('region_code', '=', '03').where('merged_into_id', 'is', null).execute()
    expect(r.chambers.map((c: { chamberId: number }) => c.chamberId).sort()).toEqual(inRegion.map((c) => c.id).sort())
    const mine = r.chambers.find((c: { chamberId: number }) => c.chamberId === milano)
    expect(mine.items[0]).toEqual({ metric: 'firms_reached', target: 10, actual: 2, progress: 20 })
    expect(mine.updatedBy).toBeNull()
    expect((await get(`/chambers/${milano}/monitoring/targets?year=2024`, auth.region)).updatedBy).toBeNull()
    await ctx.http().get('/api/v1/regions/12/monitoring/targets').set(auth.region!).expect(403)
    const n = await get('/monitoring/targets?year=2024', auth.national)
    expect(n.chambers.find((c: { chamberId: number }) => c.chamberId === milano).items[0].target).toBe(10)
    await ctx.http().get('/api/v1/monitoring/targets').set(auth.leader!).expect(403)
  })
})
