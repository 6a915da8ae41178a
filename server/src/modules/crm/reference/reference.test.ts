import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, loginDemo, type TestContext } from '../../../../test/helpers.ts'

let ctx: TestContext
let auth: { authorization: string }
beforeAll(async () => {
  ctx = await createTestContext()
  auth = { authorization: `Bearer ${(await loginDemo(ctx, 'mentor@pid.example')).token}` }
})
afterAll(async () => { await ctx.close() })

const get = (path: string) => ctx.http().get(`/api/v1${path}`).set(auth).expect(200).then((r) => r.body.items as Record<string, string>[])

describe('ATECO lookup', () => {
  it('searches by code prefix, in classification order', async () => {
    const items = await get('/ateco?q=62.1')
    expect(items.map((i) => i.code)).toEqual(['62.1', '62.10', '62.10.0', '62.10.00'])
    expect(items[0]).toMatchObject({ level: 'group', parentCode: '62', section: 'K' })
  })

  it('searches Italian titles without accents or case, optionally at one level', async () => {
    const items = await get(`/ateco?q=${encodeURIComponent('attivita di programmazione informatica')}&level=subcategory`)
    expect(items).toEqual([expect.objectContaining({ code: '62.10.00', titleIt: 'Attività di programmazione informatica', titleEn: 'Computer programming activities' })])
    expect((await get('/ateco?level=section')).map((i) => i.code).slice(0, 3)).toEqual(['A', 'B', 'C'])
  })

  it('bounds the answer and takes user text literally', async () => {
    expect(await get('/ateco?q=a')).toHaveLength(50)
    expect(await get(`/ateco?q=${encodeURIComponent('%_%')}`)).toEqual([])
    await ctx.http().get('/api/v1/ateco?level=chapter').set(auth).expect(400)
    await ctx.http().get('/api/v1/ateco').expect(401)
  })
})

describe('municipality lookup', () => {
  it('finds by name prefix within a province, accents optional', async () => {
    const items = await get('/municipalities?province=CO&q=cantu')
    expect(items).toEqual([{ istatCode: '013041', name: 'Cantù', provinceCode: 'CO', cadastralCode: 'B639' }])
    const milano = await get('/municipalities?province=MI&q=Mil')
    expect(milano.map((m) => m.name)).toEqual(['Milano'])
  })

  it('finds by ISTAT code prefix, and lists at most 50', async () => {
    expect((await get('/municipalities?q=015146')).map((m) => m.name)).toEqual(['Milano'])
    const all = await get('/municipalities?province=MI')
    expect(all).toHaveLength(50)
    expect(all.every((m) => m.provinceCode === 'MI')).toBe(true)
    await ctx.http().get('/api/v1/municipalities?province=milano').set(auth).expect(400)
  })
})
