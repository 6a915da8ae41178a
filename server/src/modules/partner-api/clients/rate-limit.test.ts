import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makePartner } from '../../../../test/crm-factories.ts'
import { bearer, userAuth, type Auth } from '../../../../test/actors.ts'
import { clientToken } from '../../../../test/api-client-factories.ts'

/** Rate limits per API client: its own limit, its own counter, the RateLimit headers, 429 problem+json. */
let ctx: TestContext
let milano: number
let person: Auth
let slow: Auth
let other: Auth

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  const leader = await userAuth(ctx, 'digital_leader', milano)
  const partnerId = await makePartner(ctx.db)
  await makeAgreement(ctx.db, partnerId, milano)
  slow = bearer((await clientToken(ctx, leader, milano, partnerId, { scopes: ['firms:read'], rateLimitPerMinute: 5 })).token)
  other = bearer((await clientToken(ctx, leader, milano, partnerId, { scopes: ['firms:read'], rateLimitPerMinute: 50 })).token)
  person = await userAuth(ctx, 'digital_promoter', milano)
})
afterAll(async () => { await ctx.close() })

describe('rate limits per API client', () => {
  it('answers a client five times, then 429 with the RateLimit headers; another client and a person go on', async () => {
    const url = `/api/v1/chambers/${milano}/firms`
    for (let i = 1; i <= 5; i++) {
      const res = await ctx.http().get(url).set(slow).expect(200)
      expect(res.headers['ratelimit-limit']).toBe('5')
      expect(res.headers['ratelimit-remaining']).toBe(String(5 - i))
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0)
      expect(Number(res.headers['ratelimit-reset'])).toBeLessThanOrEqual(60)
    }
    const refused = await ctx.http().get(url).set(slow).expect(429)
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' })
    expect(refused.headers['ratelimit-limit']).toBe('5')
    expect(refused.headers['ratelimit-remaining']).toBe('0')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(refused.headers['x-ratelimit-limit']).toBe('5')

    // Another client of the same organisation, from the same address: its own counter and limit.
    const theirs = await ctx.http().get(url).set(other).expect(200)
    expect(theirs.headers['ratelimit-limit']).toBe('50')
    expect(theirs.headers['ratelimit-remaining']).toBe('49')
    // A person from the same address: counted by address, under the instance's limit.
    const mine = await ctx.http().get(url).set(person).expect(200)
    expect(mine.headers['ratelimit-limit']).toBe(String(ctx.config.rateLimitMax))
  })

  it('counts a bad token by address, and still answers 401 with the headers', async () => {
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set('authorization', 'Bearer not-a-token').expect(401)
    expect(res.headers['ratelimit-limit']).toBe(String(ctx.config.rateLimitMax))
    expect(res.body.code).toBe('unauthorized')
  })

  it('leaves the SPA files and the health check alone', async () => {
    const res = await ctx.http().get('/api/health').expect(200)
    expect(res.headers['ratelimit-limit']).toBeUndefined()
  })
})
