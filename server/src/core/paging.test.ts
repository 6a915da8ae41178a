import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../test/helpers.ts'
import { makeFirm } from '../../test/crm-factories.ts'
import { demoAuth, type Auth } from '../../test/actors.ts'

/** Lists a client token reaches that became keyset pages here: a firm's personal links and its referrals. */
let ctx: TestContext
let milano: number
let leader: Auth
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  leader = await demoAuth(ctx, 'leader@pid.example')
})
afterAll(async () => { await ctx.close() })

describe('cursor pages on per-firm lists', () => {
  it("walks a firm's personal links newest first, page by page, to a null cursor", async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'MI' })
    const url = `/api/v1/chambers/${milano}/firms/${firm.id}/access-links`
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await ctx.http().post(url).set(leader).send({ purposes: ['assessment'] }).expect(201)).body.id)
    const first = await ctx.http().get(url).query({ limit: 2 }).set(leader).expect(200)
    expect(first.body.items.map((l: { id: number }) => l.id)).toEqual([ids[2], ids[1]])
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await ctx.http().get(url).query({ limit: 2, cursor: first.body.nextCursor }).set(leader).expect(200)
    expect([second.body.items.map((l: { id: number }) => l.id), second.body.nextCursor]).toEqual([[ids[0]], null])
    // Without paging parameters: the first page of 50, as the SPA reads it.
    expect((await ctx.http().get(url).set(leader).expect(200)).body.items).toHaveLength(3)
    await ctx.http().get(url).query({ cursor: 'not-a-cursor' }).set(leader).expect(400)
    await ctx.http().get(url).query({ limit: 201 }).set(leader).expect(400)
  })

  it("walks a firm's contacts by name, erased ones last, with an opaque cursor", async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'MI' })
    const url = `/api/v1/chambers/${milano}/firms/${firm.id}/contacts`
    for (const [firstName, lastName] of [['Carla', 'Verdi'], ['Anna', 'Rossi'], ['Bruno', 'Rossi'], ['Dario', 'Bianchi']]) {
      await ctx.http().post(url).set(leader).send({ firstName, lastName }).expect(201)
    }
    const names: string[] = []
    let cursor: string | null | undefined
    do {
      const page = await ctx.http().get(url).query({ limit: 3, ...(cursor ? { cursor } : {}) }).set(leader).expect(200)
      names.push(...page.body.items.map((c: { displayName: string }) => c.displayName))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(names).toEqual(['Dario Bianchi', 'Anna Rossi', 'Bruno Rossi', 'Carla Verdi'])
    await ctx.http().get(url).query({ cursor: 'bm90IG91cnM' }).set(leader).expect(400)
  })

  it("answers a firm's referrals as a page", async () => {
    const firm = await makeFirm(ctx.db, { province_code: 'MI' })
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${firm.id}/referrals`).query({ limit: 10 }).set(leader).expect(200)
    expect(res.body).toEqual({ items: [], nextCursor: null })
  })
})
