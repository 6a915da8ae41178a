import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat, makeFirm } from '../../../../test/crm-factories.ts'
import { demoAuth, partnerUser, type Auth } from '../../../../test/actors.ts'

let ctx: TestContext
let milano: number
let promoter: Auth
let url: string
interface Seeded { id: number; name: string; stage: number; touch: number | null }
const seeded: Seeded[] = []

const NAMES = ['Alfa', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Mu']
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  url = `/api/v1/chambers/${milano}/firms`
  // 24 firms inserted at once: equal created_at, repeated names, stages and touches, so ties are broken by id.
  const rows = Array.from({ length: 24 }, (_, i) => {
    const vat = fakeVat()
    return {
      name: `${NAMES[i % NAMES.length]} Servizi`, tax_code: vat, vat_number: vat, chamber_id: milano, province_code: 'MI',
      stage: i % 3, ateco_code: i % 2 ? '10.11.00' : '62.10.00', ateco_section: i % 2 ? 'C' : 'K',
      size_class: i % 4 === 0 ? 'small' : 'micro', tags: i % 5 === 0 ? ['export', 'cyber'] : [],
      last_touch_at: i % 4 === 0 ? null : new Date(Date.UTC(2025, 0, 1 + (i % 6))),
    }
  })
  const ids = await ctx.db.insertInto('firm').values(rows).returning('id').execute()
  ids.forEach((r, i) => seeded.push({ id: r.id, name: rows[i]!.name, stage: rows[i]!.stage, touch: rows[i]!.last_touch_at?.getTime() ?? null }))
})
afterAll(async () => { await ctx.close() })

async function allPages(query: string, limit = 5): Promise<number[]> {
  const ids: number[] = []
  let cursor: string | null = null
  for (let page = 0; page < 50; page++) {
    const res: { body: { items: { id: number }[]; nextCursor: string | null } } = await ctx.http().get(`${url}?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(promoter).expect(200)
    ids.push(...res.body.items.map((f) => f.id))
    cursor = res.body.nextCursor
    if (!cursor) return ids
    expect(res.body.items).toHaveLength(limit)
  }
  throw new Error('too many pages')
}

const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0)
const orders: Record<string, (a: Seeded, b: Seeded) => number> = {
  name: (a, b) => cmp(a.name, b.name) || a.id - b.id,
  createdAt: (a, b) => a.id - b.id,
  lastTouchAt: (a, b) => cmp(a.touch ?? -Infinity, b.touch ?? -Infinity) || a.id - b.id,
  stage: (a, b) => a.stage - b.stage || cmp(a.name, b.name) || a.id - b.id,
}

describe('firm list', () => {
  it.each(Object.keys(orders))('pages through every firm sorted by %s, both ways, without gaps or repeats', async (sort) => {
    const mine = seeded.filter((s) => s.name.endsWith('Servizi'))
    const filter = 'q=Servizi'
    const asc = await allPages(`${filter}&sort=${sort}&dir=asc`)
    expect(asc).toEqual([...mine].sort(orders[sort]!).map((s) => s.id))
    const desc = await allPages(`${filter}&sort=${sort}&dir=desc`, 7)
    expect(desc).toEqual([...mine].sort(orders[sort]!).reverse().map((s) => s.id))
  })

  it('pages through a name search ranked by likeness (ties by id) without gaps or repeats', async () => {
    const ids = await allPages('q=servizi', 4)
    expect(ids).toHaveLength(24)
    expect(new Set(ids)).toEqual(new Set(seeded.map((s) => s.id)))
  })

  it('filters: one value or repeated keys, all fields ANDed; the count agrees', async () => {
    const one = await ctx.http().get(`${url}?q=Servizi&sections=C&limit=200`).set(promoter).expect(200)
    expect(one.body.items).toHaveLength(12)
    expect(one.body.items.every((f: { atecoSection: string }) => f.atecoSection === 'C')).toBe(true)
    const both = await ctx.http().get(`${url}/count?q=Servizi&sections=C&sections=K`).set(promoter).expect(200)
    expect(both.body.count).toBe(24)
    const three = await ctx.http().get(`${url}?sections=K&sizes=small&stages=0&stages=1&limit=200`).set(promoter).expect(200)
    const expected = seeded.filter((_, i) => i % 2 === 0 && i % 4 === 0 && i % 3 !== 2).map((s) => s.id)
    expect(three.body.items.map((f: { id: number }) => f.id).sort()).toEqual(expected.sort())
    const count = await ctx.http().get(`${url}/count?sections=K&sizes=small&stages=0&stages=1`).set(promoter).expect(200)
    expect(count.body.count).toBe(expected.length)
    const tagged = await ctx.http().get(`${url}/count?tags=export&tags=cyber`).set(promoter).expect(200)
    expect(tagged.body.count).toBe(5)
    const stale = await ctx.http().get(`${url}/count?q=Servizi&lastTouchOlderThanDays=30`).set(promoter).expect(200)
    expect(stale.body.count).toBe(24)
  })

  it('finds a name without accents or case ("Societa Agricola" -> "Società agricola Rossi"), best match first', async () => {
    const rossi = await makeFirm(ctx.db, { name: 'Società agricola Rossi' })
    await makeFirm(ctx.db, { name: 'Agricola Bianchi S.s.' })
    const res = await ctx.http().get(`${url}?q=${encodeURIComponent('Societa Agricola')}`).set(promoter).expect(200)
    expect(res.body.items[0]).toMatchObject({ id: rossi.id, name: 'Società agricola Rossi' })
    const typo = await ctx.http().get(`${url}?q=${encodeURIComponent('societa agricola rosi')}`).set(promoter).expect(200)
    expect(typo.body.items.map((f: { id: number }) => f.id)).toContain(rossi.id)
  })

  it('finds a firm exactly by codice fiscale, partita IVA (with IT prefix) or REA number', async () => {
    const trader = await makeFirm(ctx.db, { name: 'Verdi Luca', tax_code: 'RSSMRA85T10A562S', legal_form: 'ditta_individuale', rea_province: 'MI', rea_number: 1234567 })
    const company = await makeFirm(ctx.db, { name: 'Nord Est Logistica' })
    for (const [q, id] of [['rssmra85t10a562s', trader.id], [`IT${company.taxCode}`, company.id], ['MI-1234567', trader.id], ['mi 1234567', trader.id]] as const) {
      const res = await ctx.http().get(`${url}?q=${encodeURIComponent(q)}`).set(promoter).expect(200)
      expect(res.body.items.map((f: { id: number }) => f.id), q).toEqual([id])
    }
  })

  it('refuses a forged cursor, a cursor of another sort, and unknown parameters', async () => {
    const first = await ctx.http().get(`${url}?sort=name&limit=2`).set(promoter).expect(200)
    const other = await ctx.http().get(`${url}?sort=stage&limit=2&cursor=${first.body.nextCursor}`).set(promoter).expect(400)
    expect(other.body.errors).toEqual([{ path: '/querystring/cursor', message: expect.stringContaining('another sort') }])
    const forged = Buffer.from(JSON.stringify({ s: 'name', d: 'asc', v: ["x'); drop table firm; --", 'NaN'] })).toString('base64url')
    await ctx.http().get(`${url}?sort=name&cursor=${forged}`).set(promoter).expect(400)
    await ctx.http().get(`${url}?cursor=garbage`).set(promoter).expect(400)
    const unknown = await ctx.http().get(`${url}?colour=red`).set(promoter).expect(400)
    expect(unknown.body.errors[0].path).toBe('/querystring/colour')
    await ctx.http().get(`${url}?sections=c`).set(promoter).expect(400)
  })

  it('shows a partner only the firms it registered, was referred, or has consent for', async () => {
    const p = await partnerUser(ctx, milano)
    const registered = await makeFirm(ctx.db, { registered_by_partner_id: p.partnerId })
    const referred = await makeFirm(ctx.db)
    await ctx.db.insertInto('referral').values({ firm_id: referred.id, chamber_id: milano, partner_id: p.partnerId, need: 'cybersecurity', due_on: '2030-01-01' }).execute()
    const consented = await makeFirm(ctx.db)
    const withdrawn = await makeFirm(ctx.db)
    await ctx.db.insertInto('firm_partner_consent').values([
      { firm_id: consented.id, partner_id: p.partnerId, source: 'modulo' },
      { firm_id: withdrawn.id, partner_id: p.partnerId, source: 'modulo', withdrawn_at: new Date() },
    ]).execute()
    const res = await ctx.http().get(`${url}?limit=200`).set(p.auth).expect(200)
    expect(res.body.items.map((f: { id: number }) => f.id).sort()).toEqual([registered.id, referred.id, consented.id].sort())
    expect((await ctx.http().get(`${url}/count`).set(p.auth).expect(200)).body.count).toBe(3)
    await ctx.http().get(`${url}/${withdrawn.id}`).set(p.auth).expect(404)
    // Another chamber: no agreement there, so no access at all.
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    await ctx.http().get(`/api/v1/chambers/${bergamo}/firms`).set(p.auth).expect(403)
  })
})
