import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { bearer, userAuth, type Auth } from '../../../../test/actors.ts'
import { clientToken } from '../../../../test/api-client-factories.ts'
import { CallLog, pruneCallLog } from './call-log.ts'

/** Every call of a client token goes to its call log (in batches); staff read the usage figures from it. */
let ctx: TestContext
let milano: number, bergamo: number
let leader: Auth, bergamoLeader: Auth, person: Auth
let client: { id: number; auth: Auth }
let firmId: number

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  leader = await userAuth(ctx, 'digital_leader', milano)
  bergamoLeader = await userAuth(ctx, 'digital_leader', bergamo)
  person = await userAuth(ctx, 'digital_promoter', milano)
  const partnerId = await makePartner(ctx.db)
  await makeAgreement(ctx.db, partnerId, milano)
  const made = await clientToken(ctx, leader, milano, partnerId, { scopes: ['firms:read'], rateLimitPerMinute: 4 })
  client = { id: made.id, auth: bearer(made.token) }
  firmId = (await makeFirm(ctx.db, { province_code: 'MI', registered_by_partner_id: partnerId })).id
})
afterAll(async () => { await ctx.close() })

const logged = () => ctx.db.selectFrom('api_call_log').selectAll().orderBy('id').execute()

describe('the call log', () => {
  it('keeps a row per call of a client token, with the route pattern, once flushed; none for people', async () => {
    const firm = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${firmId}?x=1`).set(client.auth).expect(200)
    await ctx.http().get(`/api/v1/chambers/${bergamo}/firms`).set(client.auth).expect(403)
    await ctx.http().post(`/api/v1/chambers/${milano}/firms`).set(client.auth).send({}).expect(403)
    await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set(client.auth).expect(200)
    // The fifth call of a client limited to four a minute: throttled, and logged as such.
    await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set(client.auth).expect(429)
    await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set(person).expect(200)
    // Nothing is written before the batch goes (the timer is a second; the test flushes).
    await ctx.app.apiCallLog.flush()
    const rows = await logged()
    expect(rows.map((r) => [r.method, r.route, r.status_code])).toEqual([
      ['GET', '/api/v1/chambers/:chamberId/firms/:firmId', 200],
      ['GET', '/api/v1/chambers/:chamberId/firms', 403],
      ['POST', '/api/v1/chambers/:chamberId/firms', 403],
      ['GET', '/api/v1/chambers/:chamberId/firms', 200],
      ['GET', '/api/v1/chambers/:chamberId/firms', 429],
    ])
    expect(rows.every((r) => Number(r.api_client_id) === client.id && r.duration_ms >= 0)).toBe(true)
    expect(rows[0]!.request_id).toBe(firm.headers['x-request-id'])
  })

  it('writes what waits when it closes (a graceful shutdown loses nothing)', async () => {
    const log = new CallLog(ctx.db, ctx.app.log)
    for (let i = 0; i < 3; i++) {
      log.push({ apiClientId: client.id, at: new Date(), method: 'GET', route: '/closing', statusCode: 200, durationMs: 1, requestId: `c${i}` })
    }
    await log.close()
    expect((await logged()).filter((r) => r.route === '/closing')).toHaveLength(3)
    await ctx.db.deleteFrom('api_call_log').where('route', '=', '/closing').execute()
  })

  it('prunes calls older than 90 days', async () => {
    const old = new Date(Date.now() - 91 * 86_400_000)
    await ctx.db.insertInto('api_call_log').values({ api_client_id: client.id, at: old, method: 'GET', route: '/old', status_code: 200, duration_ms: 1, request_id: 'r-old' }).execute()
    const before = (await logged()).length
    expect(await pruneCallLog(ctx.db)).toBe(1)
    expect((await logged()).length).toBe(before - 1)
  })
})

describe('the usage figures', () => {
  const usageUrl = (chamber: number, id = client.id, q = '') => `/api/v1/chambers/${chamber}/api-clients/${id}/usage${q}`

  it('counts calls a day with errors and 429s, the busiest routes with their p95, the last call', async () => {
    const yesterday = new Date(Date.now() - 86_400_000)
    await ctx.db.insertInto('api_call_log').values([10, 20, 30, 40, 500].map((ms, i) => ({
      api_client_id: client.id, at: yesterday, method: 'GET', route: '/api/v1/partner/me', status_code: i === 4 ? 500 : 200, duration_ms: ms, request_id: `r${i}`,
    }))).execute()
    const res = await ctx.http().get(usageUrl(milano, client.id, '?days=7')).set(person).expect(200)
    expect(res.body.days).toHaveLength(7)
    const today = res.body.days[6]
    expect(today).toMatchObject({ calls: 5, clientErrors: 2, serverErrors: 0, throttled: 1 })
    expect(res.body.days[5]).toMatchObject({ calls: 5, clientErrors: 0, serverErrors: 1, throttled: 0 })
    expect(res.body.days.slice(0, 5).every((d: { calls: number }) => d.calls === 0)).toBe(true)
    expect(res.body.routes[0]).toEqual({ method: 'GET', route: '/api/v1/partner/me', calls: 5, p95Ms: 408 })
    expect(res.body.routes).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/v1/chambers/:chamberId/firms', calls: 3 }))
    const last = (await ctx.db.selectFrom('api_call_log').select('at').orderBy('at', 'desc').limit(1).executeTakeFirstOrThrow()).at
    expect(res.body.lastCallAt).toBe(new Date(last).toISOString())
    expect((await ctx.http().get(usageUrl(milano)).set(person).expect(200)).body.days).toHaveLength(30)
  })

  it('is 404 for a chamber the client\'s organisation has no agreement with, or an unknown client', async () => {
    await ctx.http().get(usageUrl(bergamo)).set(bergamoLeader).expect(404)
    await ctx.http().get(usageUrl(milano, 9999)).set(person).expect(404)
    await ctx.http().get(usageUrl(milano, client.id, '?days=91')).set(person).expect(400)
  })
})
