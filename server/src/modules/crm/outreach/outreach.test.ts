import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, login, loginDemo, makeUser, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

let ctx: TestContext
let milano: number, bergamo: number
let coordinator: { authorization: string }, promoterA: { authorization: string }, promoterB: { authorization: string }
let ids: { a: number; b: number; c: number; coordinator: number }
const segmentFirms: number[] = []
const filter = { sections: ['C'], sizes: ['small'] }

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  coordinator = { authorization: `Bearer ${(await loginDemo(ctx, 'coordinatore@pid.example')).token}` }
  const a = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
  const b = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
  const c = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
  promoterA = { authorization: `Bearer ${(await login(ctx, a.email)).token}` }
  promoterB = { authorization: `Bearer ${(await login(ctx, b.email)).token}` }
  const coord = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirstOrThrow()
  ids = { a: a.id, b: b.id, c: c.id, coordinator: coord.id }
  // 11 small manufacturers in Milano match the segment; others differ in one condition or chamber.
  for (let i = 0; i < 11; i++) {
    segmentFirms.push((await makeFirm(ctx.db, { name: `Manifattura ${String.fromCharCode(65 + i)} S.r.l.`, ateco_code: '25.11.0', ateco_section: 'C', size_class: 'small' })).id)
  }
  await makeFirm(ctx.db, { ateco_section: 'C', ateco_code: '25.11.0', size_class: 'micro' })
  await makeFirm(ctx.db, { ateco_section: 'J', size_class: 'small' })
  await makeFirm(ctx.db, { province_code: 'BG', ateco_section: 'C', ateco_code: '25.11.0', size_class: 'small' })
  await makeFirm(ctx.db, { ateco_section: 'C', ateco_code: '25.11.0', size_class: 'small', merged_into_id: segmentFirms[0] })
})
afterAll(async () => { await ctx.close() })

const base = () => `/api/v1/chambers/${milano}`
const countOf = async (table: 'campaign' | 'campaign_firm' | 'segment' | 'audit_log') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

async function allPages<T>(url: string, auth: { authorization: string }): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const res: { body: { items: T[]; nextCursor: string | null } } = await ctx.http()
      .get(`${url}${url.includes('?') ? '&' : '?'}limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(auth).expect(200)
    items.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return items
}

describe('segments', () => {
  it('previews a live count that matches the firms the saved segment lists', async () => {
    const preview = await ctx.http().post(`${base()}/segments/preview`).set(promoterA).send({ filter }).expect(200)
    expect(preview.body).toEqual({ count: 11 })
    const created = await ctx.http().post(`${base()}/segments`).set(coordinator)
      .send({ name: 'Manifattura piccola', description: 'Sezione C, piccole imprese', filter }).expect(201)
    expect(created.body).toMatchObject({ name: 'Manifattura piccola', filter, createdBy: { id: ids.coordinator } })
    const firms = await allPages<{ id: number; name: string; sizeClass: string }>(`${base()}/segments/${created.body.id}/firms`, promoterA)
    expect(firms).toHaveLength(preview.body.count)
    expect(firms.map((f) => f.id).sort()).toEqual([...segmentFirms].sort())
    expect(firms.map((f) => f.name)).toEqual([...firms.map((f) => f.name)].sort())
    expect(firms[0]).toMatchObject({ sizeClass: 'small', atecoCode: '25.11.0', provinceCode: 'MI', stage: 0, lastTouchAt: null })
  })

  it('edits, lists, refuses duplicates and bad filters, deletes', async () => {
    const s = (await ctx.http().post(`${base()}/segments`).set(coordinator).send({ name: 'Da rivedere', filter: { stages: [0] } }).expect(201)).body
    const put = await ctx.http().put(`${base()}/segments/${s.id}`).set(coordinator)
      .send({ name: 'Mai raggiunte', filter: { stages: [0], lastTouchOlderThanDays: 90 } }).expect(200)
    expect(put.body).toMatchObject({ name: 'Mai raggiunte', description: null, filter: { stages: [0], lastTouchOlderThanDays: 90 } })
    const list = (await ctx.http().get(`${base()}/segments`).set(promoterA).expect(200)).body.items
    expect(list.map((x: { name: string }) => x.name)).toContain('Mai raggiunte')
    const before = await countOf('segment')
    await ctx.http().post(`${base()}/segments`).set(coordinator).send({ name: 'Mai raggiunte', filter: {} }).expect(409)
    const bad = await ctx.http().post(`${base()}/segments`).set(coordinator).send({ name: 'X', filter: { stages: [9], colour: 'red' } }).expect(400)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/filter/colour', '/filter/stages/0'])
    await ctx.http().post(`${base()}/segments`).set(promoterA).send({ name: 'Promotore', filter: {} }).expect(403)
    expect(await countOf('segment')).toBe(before)
    await ctx.http().delete(`${base()}/segments/${s.id}`).set(coordinator).expect(204)
    await ctx.http().get(`${base()}/segments/${s.id}`).set(coordinator).expect(404)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/segments/${list[0].id}`).set(coordinator).expect(403)
  })
})

describe('campaigns', () => {
  let segmentId: number, campaignId: number
  it('deals the segment round-robin among the promoters in one snapshot', async () => {
    segmentId = (await ctx.http().post(`${base()}/segments`).set(coordinator).send({ name: 'Campagna C', filter }).expect(201)).body.id
    const res = await ctx.http().post(`${base()}/campaigns`).set(coordinator).send({
      name: 'Manifattura 4.0', goal: 'Portare le piccole manifatture al self-assessment', segmentId,
      startsOn: '2026-01-15', endsOn: '2026-06-30', promoterIds: [ids.a, ids.b, ids.c],
    }).expect(201)
    campaignId = res.body.id
    expect(res.body).toMatchObject({ status: 'active', segment: { id: segmentId }, progress: { total: 11, byOutcome: { pending: 11, converted: 0 } } })
    const perPromoter = res.body.progress.perPromoter.map((p: { total: number }) => p.total)
    expect(perPromoter.sort()).toEqual([3, 4, 4])
    expect(Math.max(...perPromoter) - Math.min(...perPromoter)).toBeLessThanOrEqual(1)
    const rows = await ctx.db.selectFrom('campaign_firm').select(['firm_id']).where('campaign_id', '=', campaignId).execute()
    expect(rows.map((r) => r.firm_id).sort()).toEqual([...segmentFirms].sort())
  })

  it('refuses members who are not promoters of the chamber, and writes nothing', async () => {
    const other = await makeUser(ctx.db, 'digital_promoter', { chamberId: bergamo })
    const leader = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'leader@pid.example').executeTakeFirstOrThrow()
    const before = await Promise.all([countOf('campaign'), countOf('campaign_firm')])
    const res = await ctx.http().post(`${base()}/campaigns`).set(coordinator).send({
      name: 'Errata', goal: 'x', segmentId, startsOn: '2026-02-01', promoterIds: [ids.a, other.id, leader.id],
    }).expect(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/promoterIds/1', '/promoterIds/2'])
    const dates = await ctx.http().post(`${base()}/campaigns`).set(coordinator).send({
      name: 'Errata', goal: 'x', segmentId, startsOn: '2026-02-01', endsOn: '2026-01-01', promoterIds: [ids.a],
    }).expect(400)
    expect(dates.body.errors).toEqual([{ path: '/endsOn', message: 'before startsOn' }])
    expect(await Promise.all([countOf('campaign'), countOf('campaign_firm')])).toEqual(before)
    // The segment is in use: it cannot be deleted.
    await ctx.http().delete(`${base()}/segments/${segmentId}`).set(coordinator).expect(409)
  })

  it('lets a promoter report only on their own firms, and records it on the timeline', async () => {
    const mine = (await ctx.http().get(`${base()}/campaigns/${campaignId}/firms?promoterId=${ids.a}`).set(promoterA).expect(200)).body.items
    const theirs = (await ctx.http().get(`${base()}/campaigns/${campaignId}/firms?promoterId=${ids.b}`).set(promoterA).expect(200)).body.items
    expect(mine.length).toBeGreaterThanOrEqual(3)
    const firmId = mine[0].firm.id
    const ok = await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${firmId}/outcome`).set(promoterA)
      .send({ outcome: 'interested', note: 'Vuole fare il self-assessment' }).expect(200)
    expect(ok.body).toMatchObject({ outcome: 'interested', outcomeNote: 'Vuole fare il self-assessment', promoter: { id: ids.a } })
    const timeline = (await ctx.http().get(`${base()}/firms/${firmId}/timeline?types=campaign_outcome`).set(promoterA).expect(200)).body.items
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toMatchObject({ sourceModule: 'outreach', details: { campaignId, outcome: 'interested' }, author: { id: ids.a } })

    const denied = await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${theirs[0].firm.id}/outcome`).set(promoterA)
      .send({ outcome: 'converted' }).expect(403)
    expect(denied.body.code).toBe('forbidden')
    await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${theirs[0].firm.id}/outcome`).set(promoterB).send({ outcome: 'unreachable' }).expect(200)
    // The coordinator reports on anyone's firm.
    await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${theirs[1].firm.id}/outcome`).set(coordinator).send({ outcome: 'converted' }).expect(200)
    await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/999999/outcome`).set(coordinator).send({ outcome: 'contacted' }).expect(404)
    await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${firmId}/outcome`).set(coordinator).send({ outcome: 'pending' }).expect(400)

    const campaign = (await ctx.http().get(`${base()}/campaigns/${campaignId}`).set(promoterA).expect(200)).body
    expect(campaign.progress.byOutcome).toEqual({ pending: 8, contacted: 0, interested: 1, not_interested: 0, unreachable: 1, converted: 1 })
    const b = campaign.progress.perPromoter.find((p: { promoter: { id: number } }) => p.promoter.id === ids.b)
    expect(b.byOutcome).toMatchObject({ unreachable: 1, converted: 1 })
    const pendingOfA = await allPages<{ outcome: string }>(`${base()}/campaigns/${campaignId}/firms?promoterId=${ids.a}&outcome=pending`, promoterA)
    expect(pendingOfA).toHaveLength(mine.length - 1)
  })

  it('lists campaigns with progress; a closed campaign takes no more outcomes', async () => {
    const list = (await ctx.http().get(`${base()}/campaigns`).set(promoterA).expect(200)).body
    expect(list.items.map((c: { id: number }) => c.id)).toEqual([campaignId])
    expect(list.items[0].progress.total).toBe(11)
    await ctx.http().post(`${base()}/campaigns/${campaignId}/close`).set(promoterA).expect(403)
    const closed = await ctx.http().post(`${base()}/campaigns/${campaignId}/close`).set(coordinator).expect(200)
    expect(closed.body.status).toBe('closed')
    await ctx.http().post(`${base()}/campaigns/${campaignId}/close`).set(coordinator).expect(409)
    const firm = (await ctx.http().get(`${base()}/campaigns/${campaignId}/firms?promoterId=${ids.a}&outcome=pending`).set(promoterA).expect(200)).body.items[0]
    const refused = await ctx.http().put(`${base()}/campaigns/${campaignId}/firms/${firm.firm.id}/outcome`).set(promoterA).send({ outcome: 'contacted' }).expect(409)
    expect(refused.body.code).toBe('conflict')
    // A campaign belongs to its chamber: asked for under another one, it does not exist.
    const national = { authorization: `Bearer ${(await loginDemo(ctx, 'nazionale@pid.example')).token}` }
    await ctx.http().get(`/api/v1/chambers/${bergamo}/campaigns/${campaignId}`).set(national).expect(404)
  })
})
