import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { auditEntries, userAuth, type Auth } from '../../../../test/actors.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { itemBody } from './test-fixtures.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let staff: Auth
let reader: Auth
let bergamoStaff: Auth
const base = (c: number) => `/api/v1/chambers/${c}/experience/media`
const itemCount = async () => Number((await ctx.db.selectFrom('ec_media_item').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  staff = await userAuth(ctx, 'digital_promoter', milano)
  reader = await userAuth(ctx, 'digital_promoter', milano)
  bergamoStaff = await userAuth(ctx, 'digital_coordinator', bergamo)
})
afterAll(async () => { await ctx.close() })

describe('media library items (staff)', () => {
  it('creates a draft, changes it, publishes it; each write audited', async () => {
    const created = await ctx.http().post(base(milano)).set(staff).send(itemBody()).expect(201)
    expect(created.body).toMatchObject({ state: 'draft', kind: 'video', themes: ['digital_crafts', 'ecommerce'], sectors: ['C'], views: 0, firm: null, files: [] })
    const id = created.body.id
    const patched = await ctx.http().patch(`${base(milano)}/${id}`).set(staff).send({ title: 'Bottega 4.0', language: 'en' }).expect(200)
    expect(patched.body).toMatchObject({ title: 'Bottega 4.0', language: 'en', summary: itemBody().summary })
    const published = await ctx.http().post(`${base(milano)}/${id}/state`).set(staff).send({ state: 'published' }).expect(200)
    expect(published.body.state).toBe('published')
    expect(published.body.publishedAt).not.toBeNull()
    const list = await ctx.http().get(base(milano)).query({ q: 'bottega' }).set(reader).expect(200)
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(id)
    expect((await auditEntries(ctx, 'experience.media.published')).map((a) => Number(a.entity_id))).toContain(id)
  })

  it("answers another chamber's item as not found, for reading and writing", async () => {
    const { body } = await ctx.http().post(base(milano)).set(staff).send(itemBody()).expect(201)
    await ctx.http().get(`${base(bergamo)}/${body.id}`).set(bergamoStaff).expect(404)
    await ctx.http().patch(`${base(bergamo)}/${body.id}`).set(bergamoStaff).send({ title: 'altro' }).expect(404)
    await ctx.http().post(`${base(bergamo)}/${body.id}/state`).set(bergamoStaff).send({ state: 'published' }).expect(404)
    const list = await ctx.http().get(base(bergamo)).set(bergamoStaff).expect(200)
    expect(list.body.items.map((i: { id: number }) => i.id)).not.toContain(body.id)
  })

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const before = await itemCount()
    const bad = [
      itemBody({ kind: 'podcast' as never }), itemBody({ title: '' }), itemBody({ themes: ['knitting' as never] }),
      itemBody({ sectors: ['Z' as never] }), itemBody({ sizeClasses: ['huge' as never] }), itemBody({ language: 'ITA' }),
      itemBody({ links: [{ url: 'javascript:alert(1)', label: 'x' }] }), { ...itemBody(), extra: 1 },
    ]
    for (const body of bad) {
      const res = await ctx.http().post(base(milano)).set(staff).send(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('validation')
    }
    expect(await itemCount()).toBe(before)
  })

  it('names a firm only with its consent and its day, and only a firm of the chamber', async () => {
    const firm = await makeFirm(ctx.db, { name: 'Sartoria Bianchi S.n.c.' })
    const elsewhere = await makeFirm(ctx.db, { province_code: 'BG' })
    const before = await itemCount()
    const noConsent = await ctx.http().post(base(milano)).set(staff).send(itemBody({ firmId: firm.id })).expect(400)
    expect(noConsent.body.errors[0]).toMatchObject({ path: '/firmConsent', code: 'media_firm_consent_required' })
    const noDay = await ctx.http().post(base(milano)).set(staff).send(itemBody({ firmId: firm.id, firmConsent: true })).expect(400)
    expect(noDay.body.errors[0]).toMatchObject({ path: '/firmConsentDate', code: 'media_firm_consent_required' })
    const other = await ctx.http().post(base(milano)).set(staff)
      .send(itemBody({ firmId: elsewhere.id, firmConsent: true, firmConsentDate: '2026-11-02' })).expect(400)
    expect(other.body.errors[0]).toMatchObject({ path: '/firmId', code: 'media_firm_unknown' })
    expect(await itemCount()).toBe(before)

    const ok = await ctx.http().post(base(milano)).set(staff)
      .send(itemBody({ kind: 'case_study', firmId: firm.id, firmConsent: true, firmConsentDate: '2026-11-02' })).expect(201)
    expect(ok.body).toMatchObject({ firm: { id: firm.id, name: 'Sartoria Bianchi S.n.c.' }, firmConsent: true, firmConsentDate: '2026-11-02' })
    // Withdrawing the consent while the firm stays named is refused; removing the firm clears it.
    await ctx.http().patch(`${base(milano)}/${ok.body.id}`).set(staff).send({ firmConsent: false }).expect(400)
    const cleared = await ctx.http().patch(`${base(milano)}/${ok.body.id}`).set(staff).send({ firmId: null }).expect(200)
    expect(cleared.body).toMatchObject({ firm: null, firmConsent: false, firmConsentDate: null })
  })

  it("puts the first publication of a firm's story on the firm's timeline", async () => {
    const firm = await makeFirm(ctx.db)
    const { body } = await ctx.http().post(base(milano)).set(staff)
      .send(itemBody({ kind: 'case_study', firmId: firm.id, firmConsent: true, firmConsentDate: '2026-10-01' })).expect(201)
    await ctx.http().post(`${base(milano)}/${body.id}/state`).set(staff).send({ state: 'published' }).expect(200)
    await ctx.http().post(`${base(milano)}/${body.id}/state`).set(staff).send({ state: 'archived' }).expect(200)
    await ctx.http().post(`${base(milano)}/${body.id}/state`).set(staff).send({ state: 'published' }).expect(200)
    const events = await ctx.db.selectFrom('timeline_event').select(['type', 'summary']).where('firm_id', '=', firm.id).execute()
    expect(events).toEqual([{ type: 'note', summary: `Pubblicato nella mediateca: ${body.title}` }])
  })
})
