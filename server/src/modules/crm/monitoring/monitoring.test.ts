import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { systemContext } from '../../../core/audit.ts'

let ctx: TestContext
let milano: number, bergamo: number, roma: number, predecessor: number
const auth: Record<string, { authorization: string }> = {}
let promoterId: number, leaderId: number
const period = 'from=2025-01-01&to=2025-03-31'

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  roma = (await ctx.db.insertInto('chamber').values({
    name: 'Camera di commercio di Roma', short_name: 'Roma', region_code: '12', pid_name: 'PID Roma', active_from: '2017-01-01',
  }).returning('id').executeTakeFirstOrThrow()).id
  await ctx.db.insertInto('chamber_province').values({ chamber_id: roma, province_code: 'RM', valid_from: '2017-01-01' }).execute()
  predecessor = (await ctx.db.insertInto('chamber').values({
    name: 'Camera di commercio di Vecchia Brianza', short_name: 'Vecchia', region_code: '03', pid_name: 'PID Vecchia',
    active_from: '2010-01-01', active_to: '2016-12-31', merged_into_id: milano,
  }).returning('id').executeTakeFirstOrThrow()).id
  for (const [key, email] of [['leader', 'leader@pid.example'], ['promoter', 'promotore@pid.example'], ['region', 'regione@pid.example'],
    ['national', 'nazionale@pid.example'], ['partner', 'partner@pid.example']] as const) {
    auth[key] = { authorization: `Bearer ${(await loginDemo(ctx, email)).token}` }
  }
  const userId = async (email: string) => (await ctx.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  promoterId = await userId('promotore@pid.example')
  leaderId = await userId('leader@pid.example')

  // Milano: four active firms counted, one ceased and one merged duplicate left out.
  const f1 = await makeFirm(ctx.db, { stage: 0, ateco_section: 'C', ateco_code: '25.11.0', size_class: 'small' })
  const f2 = await makeFirm(ctx.db, { stage: 1, ateco_section: 'C', ateco_code: '25.11.0', size_class: 'micro' })
  const f3 = await makeFirm(ctx.db, { stage: 2, ateco_section: 'J', size_class: 'micro' })
  await makeFirm(ctx.db, { stage: 2, ateco_section: null, ateco_code: null, size_class: null, employees: null })
  await makeFirm(ctx.db, { stage: 3, status: 'ceased' })
  await makeFirm(ctx.db, { stage: 1, merged_into_id: f1.id })
  const b1 = await makeFirm(ctx.db, { province_code: 'BG', stage: 4, ateco_section: 'J', size_class: 'medium' })
  await makeFirm(ctx.db, { chamber_id: predecessor, stage: 1, ateco_section: 'G', ateco_code: '47.11.0', size_class: 'small' })
  await makeFirm(ctx.db, { province_code: 'RM', stage: 5 })

  const log = (firmId: number, who: { authorization: string }, occurredAt: string, type = 'call') =>
    ctx.http().post(`/api/v1/chambers/${milano}/firms/${firmId}/timeline`).set(who).send({ type, occurredAt, summary: 'Contatto' }).expect(201)
  await log(f1.id, auth.promoter!, '2025-01-15T09:00:00.000Z')
  await log(f2.id, auth.promoter!, '2025-02-10T09:00:00.000Z', 'email')
  await log(f3.id, auth.leader!, '2025-02-11T09:00:00.000Z')
  await log(f3.id, auth.promoter!, '2025-03-31T21:30:00.000Z') // 23:30 in Rome: still March
  await log(f3.id, auth.promoter!, '2025-03-31T22:30:00.000Z') // 00:30 on 1 April in Rome: outside the period
  await log(f1.id, auth.promoter!, '2024-12-31T10:00:00.000Z') // before the period
  // Bookkeeping is not a touch.
  await ctx.db.insertInto('timeline_event').values({ firm_id: f2.id, chamber_id: milano, type: 'stage_change', occurred_at: '2025-02-20T10:00:00Z', summary: 'x' }).execute()
  await ctx.db.transaction().execute((tx) => ctx.app.crm.recordEvent(tx, systemContext('test'), {
    firmId: b1.id, type: 'call', summary: 'Contatto', occurredAt: new Date('2025-02-05T10:00:00Z'),
  }))
})
afterAll(async () => { await ctx.close() })

describe('CRM dashboard', () => {
  it("gives a chamber's figures, each with the filter that lists the same firms", async () => {
    const d = (await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard?${period}`).set(auth.promoter!).expect(200)).body
    expect(d).toMatchObject({ scope: 'chamber', period: { from: '2025-01-01', to: '2025-03-31' }, firms: { count: 4 }, reached: { count: 3 } })
    expect(d.byStage.map((s: { count: number }) => s.count)).toEqual([1, 1, 2, 0, 0, 0, 0])
    expect(d.bySection.map((s: { section: string | null; count: number }) => [s.section, s.count])).toEqual([['C', 2], ['J', 1], [null, 1]])
    expect(d.bySection[1].titleIt).toMatch(/^ATTIVITÀ EDITORIALI/) // ATECO 2025 section J
    expect(d.bySize.map((s: { sizeClass: string | null; count: number }) => [s.sizeClass, s.count]))
      .toEqual([['micro', 2], ['small', 1], ['medium', 0], ['large', 0], [null, 1]])
    expect(d.touchesByMonth).toEqual([
      { month: '2025-01', count: 1, timeline: { from: '2025-01-01', to: '2025-01-31' } },
      { month: '2025-02', count: 2, timeline: { from: '2025-02-01', to: '2025-02-28' } },
      { month: '2025-03', count: 1, timeline: { from: '2025-03-01', to: '2025-03-31' } },
    ])
    expect(d.touchesByAuthor).toEqual([
      { userId: promoterId, name: 'Paola Promotrice', count: 3, timeline: { from: '2025-01-01', to: '2025-03-31', authorId: promoterId } },
      { userId: leaderId, name: 'Laura Digital Leader', count: 1, timeline: { from: '2025-01-01', to: '2025-03-31', authorId: leaderId } },
    ])
    expect(d.perChamber).toBeUndefined()

    // Drill-down: every bucket's filter counts the same firms (the live count of the segment designer).
    const buckets = [d.firms, d.reached, ...d.byStage, ...d.bySection, ...d.bySize].filter((b: { filter: unknown }) => b.filter)
    for (const b of buckets) {
      const { body } = await ctx.http().post(`/api/v1/chambers/${milano}/segments/preview`).set(auth.promoter!).send({ filter: b.filter }).expect(200)
      expect(body.count, JSON.stringify(b.filter)).toBe(b.count)
    }
    // ...and every touch figure the feed's query that lists the same touches.
    const march = d.touchesByMonth[2].timeline
    const feed = (await ctx.http().get(`/api/v1/chambers/${milano}/timeline?from=${march.from}&to=${march.to}&types=call&types=email`)
      .set(auth.promoter!).expect(200)).body.items
    expect(feed).toHaveLength(1)
  })

  it('defaults to the last twelve months and refuses a bad period', async () => {
    const d = (await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard`).set(auth.leader!).expect(200)).body
    expect(d.touchesByMonth).toHaveLength(12)
    expect(d.period.to).toBe(d.touchesByMonth[11].timeline.to)
    const bad = await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard?from=2025-03-01&to=2025-01-01`).set(auth.leader!).expect(400)
    expect(bad.body.errors[0].path).toBe('/querystring/to')
    await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard?from=2015-01-01&to=2025-01-01`).set(auth.leader!).expect(400)
    await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard`).set(auth.partner!).expect(403)
  })

  it("rolls up a region's chambers only, merged predecessors included; chamber roles are refused", async () => {
    const d = (await ctx.http().get(`/api/v1/regions/03/crm/dashboard?${period}`).set(auth.region!).expect(200)).body
    expect(d).toMatchObject({ scope: 'region', firms: { count: 6 }, reached: { count: 5 } })
    const ids = d.perChamber.map((c: { chamberId: number }) => c.chamberId)
    expect(ids).toHaveLength(13)
    expect(ids).toEqual(expect.arrayContaining([milano, bergamo, predecessor]))
    expect(ids).not.toContain(roma)
    expect(d.perChamber.find((c: { chamberId: number }) => c.chamberId === predecessor)).toMatchObject({ firms: 1, reached: 1, mergedIntoId: milano })
    expect(d.perChamber.find((c: { chamberId: number }) => c.chamberId === bergamo)).toMatchObject({ firms: 1, reached: 1 })
    expect(d.touchesByMonth.map((m: { count: number }) => m.count)).toEqual([1, 3, 1])
    expect(d.touchesByAuthor).toBeUndefined()

    await ctx.http().get('/api/v1/regions/03/crm/dashboard').set(auth.leader!).expect(403)
    await ctx.http().get('/api/v1/regions/12/crm/dashboard').set(auth.region!).expect(403)
    await ctx.http().get('/api/v1/regions/99/crm/dashboard').set(auth.national!).expect(404)
    await ctx.http().get('/api/v1/regions/3/crm/dashboard').set(auth.national!).expect(400)
  })

  it('rolls up the whole network for national roles only', async () => {
    const d = (await ctx.http().get(`/api/v1/crm/dashboard?${period}`).set(auth.national!).expect(200)).body
    expect(d).toMatchObject({ scope: 'network', firms: { count: 7 }, reached: { count: 6 } })
    expect(d.perChamber.find((c: { chamberId: number }) => c.chamberId === roma)).toMatchObject({ firms: 1, reached: 1 })
    await ctx.http().get('/api/v1/crm/dashboard').set(auth.region!).expect(403)
  })

  it('exports the same figures as CSV with Italian headers', async () => {
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/crm/dashboard.csv?${period}`).set(auth.leader!).buffer(true)
      .parse((r, done) => { let s = ''; r.setEncoding('utf8'); r.on('data', (c: string) => { s += c }); r.on('end', () => done(null, s)) }).expect(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cruscotto-crm-camera-\d+\.csv"/)
    const text = res.body as string
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.slice(1).trim().split(/\r?\n/)
    expect(lines[0]).toBe('Sezione;Voce;Valore')
    expect(lines).toEqual(expect.arrayContaining(['Totale;Imprese attive;4', 'Fase del percorso;2 - Auto-posizionata;2',
      'Dimensione;Non indicata;1', 'Contatti per mese;2025-02;2', 'Contatti per operatore;Paola Promotrice;3']))
    const region = await ctx.http().get(`/api/v1/regions/03/crm/dashboard.csv?${period}`).set(auth.region!).expect(200)
    expect(region.text).toContain('Imprese attive per camera;Camera di commercio di Bergamo;1')
    const network = await ctx.http().get(`/api/v1/crm/dashboard.csv?${period}`).set(auth.national!).expect(200)
    expect(network.text).toContain('Imprese attive per camera;Camera di commercio di Roma;1')
  })
})
