import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, loginDemo, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

let ctx: TestContext
let url: string
let auth: { authorization: string }
beforeAll(async () => {
  ctx = await createTestContext()
  url = `/api/v1/chambers/${await chamberId(ctx.db, 'Milano')}/firms`
  auth = { authorization: `Bearer ${(await loginDemo(ctx, 'coordinatore@pid.example')).token}` }
  for (const name of ['Società Agricola Rossi s.s.', 'Trattoria Da Gino di Rossi Luigi', 'Officina 100% Meccanica', 'Pasticceria Fumagalli']) {
    await makeFirm(ctx.db, { name })
  }
  for (let i = 0; i < 3; i++) await makeFirm(ctx.db, { name: `Fumagalli Impianti ${i} S.r.l.` })
})
afterAll(async () => { await ctx.close() })

const names = (body: { items: { name: string }[] }) => body.items.map((f) => f.name)

describe('name search', () => {
  it('finds names containing every word, in any order, regardless of accents and case', async () => {
    const res = (await ctx.http().get(url).query({ q: 'rossi SOCIETA' }).set(auth).expect(200)).body
    expect(names(res)).toEqual(['Società Agricola Rossi s.s.'])
    expect(res.fuzzy).toBe(false)
    expect(names((await ctx.http().get(url).query({ q: 'rossi' }).set(auth).expect(200)).body))
      .toEqual(['Società Agricola Rossi s.s.', 'Trattoria Da Gino di Rossi Luigi'])
  })

  it('ranks the names that start with the search first, then the rest, each by name, and pages through both once', async () => {
    for (const name of ['Zeta Quaglierini', 'Quaglierini Zeta', 'Alfa Quaglierini S.r.l.', 'Quaglierini Alfa', 'Quaglierinì & Figli', 'Bar Quaglierinia']) {
      await makeFirm(ctx.db, { name })
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = (await ctx.http().get(url).query({ q: 'QUAGLIERINI', limit: 2, ...(cursor ? { cursor } : {}) }).set(auth).expect(200)).body
      seen.push(...names(page))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    // Folded names in code-point order: "quaglierini & figli" < "quaglierini alfa".
    expect(seen).toEqual(['Quaglierinì & Figli', 'Quaglierini Alfa', 'Quaglierini Zeta', 'Alfa Quaglierini S.r.l.', 'Bar Quaglierinia', 'Zeta Quaglierini'])
    // Another order than by name, ascending, keeps to that order alone.
    expect(names((await ctx.http().get(url).query({ q: 'quaglierini', dir: 'desc' }).set(auth).expect(200)).body))
      .toEqual(['Zeta Quaglierini', 'Quaglierinì & Figli', 'Quaglierini Zeta', 'Quaglierini Alfa', 'Bar Quaglierinia', 'Alfa Quaglierini S.r.l.'])
  })

  it('finds part of a word, digits and accented spellings through the word index', async () => {
    const fumagalli = ['Fumagalli Impianti 0 S.r.l.', 'Fumagalli Impianti 1 S.r.l.', 'Fumagalli Impianti 2 S.r.l.', 'Pasticceria Fumagalli']
    expect(names((await ctx.http().get(url).query({ q: 'AGALL' }).set(auth).expect(200)).body)).toEqual(fumagalli)
    expect(names((await ctx.http().get(url).query({ q: 'società rossi' }).set(auth).expect(200)).body)).toEqual(['Società Agricola Rossi s.s.'])
    expect(names((await ctx.http().get(url).query({ q: '100' }).set(auth).expect(200)).body)).toEqual(['Officina 100% Meccanica'])
    expect(names((await ctx.http().get(url).query({ q: 'impianti 1' }).set(auth).expect(200)).body)).toEqual(['Fumagalli Impianti 1 S.r.l.'])
    expect((await ctx.http().get(`${url}/count`).query({ q: 'agall' }).set(auth).expect(200)).body).toEqual({ count: 4 })
  })

  it('asked for similar names, finds names with a word like each searched word', async () => {
    const res = (await ctx.http().get(url).query({ q: 'fumagali impinti', fuzzy: true }).set(auth).expect(200)).body
    expect(res).toMatchObject({ fuzzy: true, correctedQuery: null })
    expect(names(res).sort()).toEqual(['Fumagalli Impianti 0 S.r.l.', 'Fumagalli Impianti 1 S.r.l.', 'Fumagalli Impianti 2 S.r.l.'])
  })

  it('matches LIKE wildcards literally', async () => {
    expect(names((await ctx.http().get(url).query({ q: '100%' }).set(auth).expect(200)).body)).toEqual(['Officina 100% Meccanica'])
    expect(names((await ctx.http().get(url).query({ q: '%' }).set(auth).expect(200)).body)).toEqual(['Officina 100% Meccanica'])
  })

  it('corrects typos against the words of firm names when no name contains them, and pages in that mode', async () => {
    const first = (await ctx.http().get(url).query({ q: 'fumagali', limit: 2 }).set(auth).expect(200)).body
    expect(first).toMatchObject({ fuzzy: true, correctedQuery: 'fumagalli' })
    expect(first.items).toHaveLength(2)
    const rest = (await ctx.http().get(url).query({ q: 'fumagali', limit: 2, cursor: first.nextCursor }).set(auth).expect(200)).body
    expect(rest.fuzzy).toBe(true)
    const all = [...names(first), ...names(rest)]
    expect(new Set(all).size).toBe(all.length)
    expect(all).toHaveLength(4)
    expect(all.every((n) => n.includes('Fumagalli'))).toBe(true)
    // The count stays exact: it counts names containing the words as typed, and there are none.
    expect((await ctx.http().get(`${url}/count`).query({ q: 'fumagali' }).set(auth).expect(200)).body).toEqual({ count: 0 })
  })

  it('keeps the vocabulary current as firms are added and renamed', async () => {
    const firm = await makeFirm(ctx.db, { name: 'Ferramenta Zanzottera' })
    expect(names((await ctx.http().get(url).query({ q: 'zanzotera' }).set(auth).expect(200)).body)).toEqual(['Ferramenta Zanzottera'])
    await ctx.db.updateTable('firm').set({ name: 'Ferramenta Quattrocchi' }).where('id', '=', firm.id).execute()
    const renamed = (await ctx.http().get(url).query({ q: 'quatrocchi' }).set(auth).expect(200)).body
    expect(renamed).toMatchObject({ correctedQuery: 'quattrocchi' })
    expect(names(renamed)).toEqual(['Ferramenta Quattrocchi'])
  })

  it('says nothing was found when no word is close to any name', async () => {
    const res = (await ctx.http().get(url).query({ q: 'xylqwz' }).set(auth).expect(200)).body
    expect(res).toEqual({ items: [], nextCursor: null, fuzzy: true, correctedQuery: null })
  })
})
