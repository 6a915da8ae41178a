import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SCOPES, PERMISSIONS, ROLE_SCOPE, ROLES, scopeAllows, type ApiScope, type Role, type RouteGuard } from '@pid/shared'
import { chamberId, createTestContext, login, makeUser, type TestContext } from './helpers.ts'
import { makeAgreement, makeFirm, makePartner } from './crm-factories.ts'
import { firmSession } from './firm-access-helpers.ts'
import { completeDraft, makeVoucherBudget, publishedCall } from './voucher-factories.ts'

/**
 * Walks every route of the OpenAPI document with every role, from the right and the wrong
 * chamber, plus anonymous, and checks each answer against the permission map in @pid/shared.
 * Expectations are derived from PERMISSIONS and from where each role is held, not from the
 * server's own checking code. A route missing from the guard registry fails the test.
 */
let ctx: TestContext
const tokens = new Map<Role, string>()
let milano: number, bergamo: number, roma: number
let userInMilano: number, userInBergamo: number, userInRoma: number

/**
 * `firm`: a firm session from a personal link (purposes below) for a firm in Milano. `scopes`: a
 * partner API client of the Matrix partner (agreement with Milano) with a token of these scopes.
 */
interface Actor { name: string; role: Role | null; firm?: true; scopes?: readonly ApiScope[] }
const CLIENTS: Actor[] = [
  { name: 'api client (every scope)', role: null, scopes: API_SCOPES },
  { name: 'api client (firms:read)', role: null, scopes: ['firms:read'] },
]
const ACTORS: Actor[] = [{ name: 'anonymous', role: null }, { name: 'firm session', role: null, firm: true },
  ...ROLES.map((role) => ({ name: role, role })), ...CLIENTS]
const clientTokens = new Map<string, string>()
let firmToken: string
const FIRM_PURPOSES = ['assessment', 'vouchers', 'mentoring', 'profile'] as const

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '10000', RATE_LIMIT_MAX: '100000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  const { id } = await ctx.db.insertInto('chamber').values({
    name: 'Camera di commercio di Roma', short_name: 'Roma', region_code: '12', pid_name: 'PID Roma', active_from: '2017-01-01',
  }).returning('id').executeTakeFirstOrThrow()
  roma = id
  await ctx.db.insertInto('chamber_province').values({ chamber_id: roma, province_code: 'RM', valid_from: '2017-01-01' }).execute()
  for (const role of ROLES) {
    const scope = ROLE_SCOPE[role] === 'chamber' ? { chamberId: milano } : ROLE_SCOPE[role] === 'region' ? { regionCode: '03' } : {}
    const user = await makeUser(ctx.db, role, scope)
    if (role === 'partner_user') {
      // A partner user acts for an organisation with an agreement in force with its chamber.
      const partnerId = await makePartner(ctx.db, 'Matrix partner')
      await makeAgreement(ctx.db, partnerId, milano)
      await ctx.db.insertInto('partner_member').values({ user_id: user.id, partner_id: partnerId }).execute()
      const leader = (await login(ctx, (await makeUser(ctx.db, 'digital_leader', { chamberId: milano })).email)).token
      // Client 1 is the one the walk revokes (every unknown id is 1): the matrix's clients come after it.
      await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set('authorization', `Bearer ${leader}`)
        .send({ partnerId, name: 'Revoked by the walk', scopes: ['firms:read'] }).expect(201)
      for (const client of CLIENTS) {
        const created = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set('authorization', `Bearer ${leader}`)
          .send({ partnerId, name: client.name, scopes: client.scopes, rateLimitPerMinute: 100_000 }).expect(201)
        const token = await ctx.http().post('/api/v1/oauth/token').type('form')
          .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret }).expect(200)
        clientTokens.set(client.name, token.body.access_token)
      }
    }
    tokens.set(role, (await login(ctx, user.email)).token)
  }
  // Routes are walked with every unknown id set to 1 (revoking link 1 of firm 1...): the session's
  // firm and link must not be those.
  await firmSession(ctx, (await makeFirm(ctx.db, { province_code: 'MI' })).id, ['assessment'])
  firmToken = await firmSession(ctx, (await makeFirm(ctx.db, { province_code: 'MI' })).id, [...FIRM_PURPOSES])
  // Vouchers: call 1 is open in Milano and application 1 is the session firm's draft on it.
  await makeVoucherBudget(ctx.db, milano, 10_000_000)
  const leader = { authorization: `Bearer ${tokens.get('digital_leader')}` }
  const call = await publishedCall(ctx, leader, milano)
  const draft = await ctx.http().post(`/api/v1/firm/vouchers/calls/${call.id}/applications`).set('authorization', `Bearer ${firmToken}`).send(completeDraft())
  expect([call.id, draft.body.id]).toEqual([1, 1])
  userInMilano = (await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })).id
  userInBergamo = (await makeUser(ctx.db, 'digital_promoter', { chamberId: bergamo })).id
  userInRoma = (await makeUser(ctx.db, 'digital_promoter', { chamberId: roma })).id
})
afterAll(async () => { await ctx.close() })

/** Does a role, held where the test put it (Milano / Lombardy / nationally), reach this chamber? */
function reaches(role: Role, chamber: number): boolean {
  const scope = ROLE_SCOPE[role]
  if (scope === 'national') return true
  if (scope === 'region') return chamber === milano || chamber === bergamo
  return chamber === milano
}

function expected(guard: RouteGuard, actor: Actor, chamber: number): 'allowed' | 401 | 403 | 'any' {
  const role = actor.role
  if (guard === 'public') return 'any'
  // Firm routes take firm sessions only (for the purposes of their link); staff tokens are for another audience.
  if (typeof guard === 'object' && 'firm' in guard) {
    return actor.firm ? (guard.firm === 'any' || (FIRM_PURPOSES as readonly string[]).includes(guard.firm) ? 'allowed' : 403) : 401
  }
  if (actor.scopes) {
    // A client token: its own routes by scope; a person's own routes never; the rest as a partner user, narrowed by scope.
    if (typeof guard === 'object' && 'apiClient' in guard) return guard.apiClient === 'any' || actor.scopes.includes(guard.apiClient) ? 'allowed' : 403
    if (guard === 'authenticated') return 403
    if (!scopeAllows(actor.scopes, guard.action)) return 403
    return expected(guard, { name: 'partner_user', role: 'partner_user' }, chamber)
  }
  if (role === null) return 401
  if (typeof guard === 'object' && 'apiClient' in guard) return 403
  if (guard === 'authenticated') return 'allowed'
  if (!PERMISSIONS[role].includes(guard.action)) return 403
  if (guard.scope === 'network') return ROLE_SCOPE[role] === 'national' ? 'allowed' : 403
  if (guard.scope === 'region') {
    // The test's regional coordinator holds Lombardy ('03'); routes are walked with '03' and '12'.
    if (ROLE_SCOPE[role] === 'national') return 'allowed'
    return ROLE_SCOPE[role] === 'region' && chamber === milano ? 'allowed' : 403
  }
  if (guard.scope === 'chamber') return reaches(role, chamber) ? 'allowed' : 403
  return 'allowed'
}

describe('authorization matrix', () => {
  it('every documented route answers every role as the permission map says', async () => {
    const doc = (await ctx.http().get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> }
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
    expect(operations.length).toBeGreaterThan(10)
    const failures: string[] = []
    let checked = 0
    for (const { method, path } of operations) {
      const route = path.replace(/\{(\w+)\}/g, ':$1')
      const guard = ctx.app.routeGuards.get(`${method} ${route}`)
      if (!guard) { failures.push(`${method} ${route}: no entry in the permission map`); continue }
      // For region routes the "chamber" picks the region: Milano -> Lombardy (03), Roma -> Lazio (12).
      const chambers = route.includes(':chamberId') ? [milano, bergamo, roma] : route.includes(':regionCode') ? [milano, roma] : [milano]
      for (const chamber of chambers) {
        const userId = chamber === milano ? userInMilano : chamber === bergamo ? userInBergamo : userInRoma
        const url = route.replace(':chamberId', String(chamber)).replace(':userId', String(userId))
          .replace(':regionCode', chamber === roma ? '12' : '03').replace(/:\w+/g, '1')
        for (const actor of ACTORS) {
          const want = expected(guard, actor, chamber)
          let req = ctx.http()[method.toLowerCase() as 'get'](url)
          if (actor.role) req = req.set('authorization', `Bearer ${tokens.get(actor.role)}`)
          if (actor.firm) req = req.set('authorization', `Bearer ${firmToken}`)
          if (actor.scopes) req = req.set('authorization', `Bearer ${clientTokens.get(actor.name)}`)
          if (['POST', 'PATCH', 'PUT'].includes(method)) req = req.send({})
          const res = await req
          checked++
          const got = res.status
          const ok = want === 'any' ? got !== 403
            : want === 'allowed' ? got !== 401 && got !== 403 && got < 500
              : got === want
          if (!ok) failures.push(`${method} ${url} as ${actor.name}: expected ${want}, got ${got} ${JSON.stringify(res.body).slice(0, 120)}`)
          if (got === 401 || got === 403) expect(res.headers['content-type']).toMatch(/problem\+json/)
        }
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(300)
  }, 240_000) // thousands of requests (every route x every role x chambers): minutes on a loaded machine

  it('refuses tokens that are forged, unsigned or for another audience', async () => {
    const url = `/api/v1/chambers/${milano}`
    const good = tokens.get('digital_leader')!
    const [h, p] = good.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`
    const widened = `${h}.${Buffer.from(JSON.stringify({ ...payload, g: [{ role: 'platform_admin' }] })).toString('base64url')}.${good.split('.')[2]}`
    const otherAud = ctx.app.jwt.sign({ sub: payload.sub, g: payload.g }, { aud: 'someone-else' } as never)
    for (const token of [none, widened, otherAud, 'garbage']) {
      const res = await ctx.http().get(url).set('authorization', `Bearer ${token}`)
      expect(res.status, token.slice(0, 20)).toBe(401)
    }
    await ctx.http().get(url).set('authorization', `Bearer ${good}`).expect(200)
  })
})
