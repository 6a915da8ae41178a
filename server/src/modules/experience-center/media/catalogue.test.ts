import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Dimension } from '@pid/shared'
import { DEFAULT_QUESTIONNAIRE } from '@pid/shared'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { userAuth, type Auth } from '../../../../test/actors.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { itemBody } from './test-fixtures.ts'
import { themesFor } from './recommendations.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let staff: Auth
const base = (c: number) => `/api/v1/chambers/${c}/experience/media`
const catalogue = (c: number, q: Record<string, string | number> = {}) => ctx.http().get(`/api/v1/public/chambers/${c}/experience/media`).query(q)

async function published(body: Parameters<typeof itemBody>[0], chamber = milano, auth = staff): Promise<number> {
  const { body: item } = await ctx.http().post(base(chamber)).set(auth).send(itemBody(body)).expect(201)
  await ctx.http().post(`${base(chamber)}/${item.id}/state`).set(auth).send({ state: 'published' }).expect(200)
  return item.id
}

let sartoria: number
let cyber: number
let draft: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  staff = await userAuth(ctx, 'digital_promoter', milano)
  sartoria = await published({ title: 'La sartoria digitale di Città Alta', kind: 'video', themes: ['digital_crafts'], sectors: ['C'], sizeClasses: ['micro'] })
  cyber = await published({ title: 'Difendersi dal phishing: guida pratica', summary: 'Le sicurezze di base per ogni attività.', kind: 'guide',
    themes: ['cybersecurity'], sectors: [], sizeClasses: [], language: 'it' })
  await published({ title: 'Cloud for hotels', summary: 'Booking engines and cloud tools.', kind: 'webinar_recording', themes: ['cloud', 'tourism'],
    sectors: ['I'], sizeClasses: ['small', 'medium'], language: 'en' })
  draft = (await ctx.http().post(base(milano)).set(staff).send(itemBody({ title: 'Città bozza' })).expect(201)).body.id
  const bg = await userAuth(ctx, 'digital_promoter', bergamo)
  await published({ title: 'Città di Bergamo: botteghe digitali' }, bergamo, bg)
})
afterAll(async () => { await ctx.close() })

describe('the public catalogue', () => {
  it("lists a chamber's published items without signing in, newest first, drafts and other chambers left out", async () => {
    const res = await catalogue(milano).expect(200)
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([expect.any(Number), cyber, sartoria])
    expect(res.body.total).toBe(3)
    expect(res.body.items.map((i: { id: number }) => i.id)).not.toContain(draft)
  })

  it('searches without accents and by every word, case-insensitively', async () => {
    const ids = async (q: Record<string, string | number>) => (await catalogue(milano, q).expect(200)).body.items.map((i: { id: number }) => i.id)
    expect(await ids({ q: 'citta' })).toEqual([sartoria])
    expect(await ids({ q: 'CITTÀ alta' })).toEqual([sartoria])
    expect(await ids({ q: 'citta phishing' })).toEqual([])
    expect(await ids({ q: 'sicurezze' })).toEqual([cyber])
    expect(await ids({ q: '100%' })).toEqual([])
  })

  it('filters by kind, theme, sector, size and language; an item naming no sector or size suits all', async () => {
    const ids = async (q: Record<string, string | number>) => (await catalogue(milano, q).expect(200)).body.items.map((i: { id: number }) => i.id)
    expect(await ids({ kind: 'guide' })).toEqual([cyber])
    expect(await ids({ theme: 'digital_crafts' })).toEqual([sartoria])
    expect(await ids({ sector: 'C', size: 'micro' })).toEqual([cyber, sartoria])
    expect((await ids({ language: 'en' })).length).toBe(1)
    const page = await catalogue(milano, { limit: 1, page: 2 }).expect(200)
    expect(page.body).toMatchObject({ total: 3, page: 2, limit: 1, items: [{ id: cyber }] })
    const beyond = await catalogue(milano, { limit: 1, page: 9 }).expect(200)
    expect(beyond.body).toMatchObject({ total: 3, items: [] })
    for (const bad of [{ kind: 'podcast' }, { sector: 'Z' }, { size: 'huge' }, { page: 0 }, { limit: 500 }, { extra: 1 }] as Record<string, string | number>[]) {
      expect((await catalogue(milano, bad)).status, JSON.stringify(bad)).toBe(400)
    }
    await catalogue(999_999).expect(404)
  })

  it('counts up to a hundred matches, then says "more than"', async () => {
    const lodi = await chamberId(ctx.db, 'Lodi')
    await sql`INSERT INTO ec_media_item (chamber_id, kind, title, state, published_at)
      SELECT ${lodi}, 'guide', 'Guida numero ' || g, 'published', now() FROM generate_series(1, 101) g`.execute(ctx.db)
    expect((await catalogue(lodi, { limit: 1 }).expect(200)).body).toMatchObject({ total: 100, totalCapped: true })
    expect((await catalogue(lodi, { q: 'numero 10', limit: 1 }).expect(200)).body).toMatchObject({ total: 3, totalCapped: false })
  })

  it('counts a view per item page read, and shows only published items', async () => {
    const first = await ctx.http().get(`/api/v1/public/experience/media/${sartoria}`).expect(200)
    await Promise.all(Array.from({ length: 5 }, () => ctx.http().get(`/api/v1/public/experience/media/${sartoria}`).expect(200)))
    const last = await ctx.http().get(`/api/v1/public/experience/media/${sartoria}`).expect(200)
    expect(last.body.views - first.body.views).toBe(6)
    expect(last.body).toMatchObject({ chamberId: milano, chamberName: expect.any(String), links: [{ label: 'La storia completa' }], firmName: null })
    await ctx.http().get(`/api/v1/public/experience/media/${draft}`).expect(404)
  })
})

describe('library items in assessment reports', () => {
  const dim = (key: string) => DEFAULT_QUESTIONNAIRE.dimensions.find((d) => d.key === key) as Dimension

  it('maps every dimension of the default questionnaire to themes', () => {
    for (const d of DEFAULT_QUESTIONNAIRE.dimensions) expect(themesFor(d).length, d.key).toBeGreaterThan(0)
    expect(themesFor(dim('security'))).toContain('cybersecurity')
  })

  it("recommends published items on the weakest dimensions' themes that suit the firm's sector and size", async () => {
    const microManufacturer = await makeFirm(ctx.db, { ateco_section: 'C', size_class: 'micro' })
    const recommend = (firmId: number, keys: string[]) => ctx.app.assessmentRecommenders.recommend(ctx.db,
      { chamberId: milano, firmId, focus: keys.map((k, i) => ({ dimension: dim(k), score: 10 + i })) })
    const mine = (await recommend(microManufacturer.id, ['security', 'strategy'])).filter((r) => r.source === 'media')
    expect(mine).toEqual([expect.objectContaining({ dimension: 'security', ref: { mediaItemId: cyber, kind: 'guide' },
      url: `/pubblico/mediateca/contenuti/${cyber}`, title: { it: 'Mediateca: Difendersi dal phishing: guida pratica', en: expect.any(String) } })])
    // The hotel's webinar suits small and medium firms of section I, on cloud: a data gap of such a firm.
    const hotel = await makeFirm(ctx.db, { ateco_section: 'I', size_class: 'small' })
    const forHotel = (await recommend(hotel.id, ['data'])).filter((r) => r.source === 'media')
    expect(forHotel.map((r) => r.title.it)).toEqual(['Mediateca: Cloud for hotels'])
    // The same gap of a micro manufacturer: the webinar is neither its sector nor its size.
    expect((await recommend(microManufacturer.id, ['data'])).filter((r) => r.source === 'media')).toEqual([])
  })
})
