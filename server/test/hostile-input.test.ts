import { createHmac, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { buildApp } from '../src/app.ts'
import { createDb } from '../src/db/database.ts'
import { DEMO_PASSWORD } from '../src/demo/seed.ts'
import { seedDemoThroughApp } from '../src/demo/seed-app.ts'
import { bearer, chamberId, createTestContext, demoAuth, freshDatabase, type Auth, type TestContext } from './helpers.ts'

/** Input PostgreSQL cannot store, tokens that are not quite ours, cacheable personal data. */
let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => {
  ctx = await createTestContext({ crmDemo: true })
  milano = await chamberId(ctx.db, 'Milano')
  leader = await demoAuth(ctx, 'leader@pid.example')
})
afterAll(async () => { await ctx.close() })

const UNSTORABLE = 'a\u0000b'
const LONE_SURROGATE = 'a\ud800b'

/** Every /api route of the app, with its ids filled in (the chamber's for :chamberId, 1 otherwise). */
function routes(method: string): string[] {
  return [...ctx.app.routeGuards.keys()]
    .filter((k) => k.startsWith(`${method} /api/v1/`))
    .map((k) => k.slice(method.length + 1)
      .replace(':chamberId', String(milano))
      .replace(':regionCode', '03')
      .replace(/:[A-Za-z]+(\([^)]*\))?/g, '1'))
}

describe('text PostgreSQL cannot store', () => {
  it('is a 400 naming the field on every route that takes a body, never a 500, and writes nothing', async () => {
    const before = await ctx.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const reached: string[] = []
    for (const method of ['POST', 'PUT', 'PATCH']) {
      for (const url of routes(method)) {
        const res = await ctx.http()[method.toLowerCase() as 'post'](url).set(leader).send({ name: UNSTORABLE, nested: { items: ['ok', LONE_SURROGATE] } })
        expect(res.status, `${method} ${url}`).not.toBe(500)
        if (res.status !== 400) continue
        expect(res.body.errors, `${method} ${url}`).toEqual([
          { path: '/name', message: expect.stringContaining('U+0000') },
          { path: '/nested/items/1', message: expect.stringContaining('U+0000') },
        ])
        reached.push(`${method} ${url}`)
      }
    }
    // The leader passes the guard of most chamber routes: the check must have answered on them.
    expect(reached.length).toBeGreaterThan(40)
    const after = await ctx.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('is a 400 in a query parameter too (the search q of the firm list)', async () => {
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).query({ q: UNSTORABLE }).set(leader)
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body).toMatchObject({ code: 'validation', errors: [{ path: '/querystring/q' }] })
    for (const url of routes('GET')) {
      const r = await ctx.http().get(url).query({ q: UNSTORABLE }).set(leader)
      expect(r.status, `GET ${url}`).not.toBe(500)
    }
  })

  it('lets every other character through, accents and emoji included', async () => {
    const res = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).query({ q: 'Società Caffè ☕' }).set(leader)
    expect(res.status).toBe(200)
  })
})

/** An HS256 token signed with the server's key, with exactly the claims given. */
function sign(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`
  return `${body}.${createHmac('sha256', ctx.config.jwtSecret).update(body).digest('base64url')}`
}

describe('access tokens carry every claim the server issues', () => {
  it('are refused without aud, iss, exp, iat, sub or sid, even when signed with the right key', async () => {
    const now = Math.floor(Date.now() / 1000)
    const me = await ctx.http().get('/api/v1/auth/me').set(leader).expect(200)
    const sid = (ctx.app.jwt.decode(leader.authorization.slice(7)) as { sid: string }).sid
    const full = { sub: String(me.body.id), g: [], sid, iss: 'pid-platform', aud: 'pid-api', iat: now, exp: now + 600 }
    await ctx.http().get('/api/v1/auth/me').set(bearer(sign(full))).expect(200)
    for (const claim of ['aud', 'iss', 'exp', 'iat', 'sub', 'sid']) {
      const { [claim]: _dropped, ...rest } = full as Record<string, unknown>
      const res = await ctx.http().get('/api/v1/auth/me').set(bearer(sign(rest)))
      expect(res.status, `without ${claim}`).toBe(401)
    }
  })
})

describe('answers with personal data', () => {
  it('are never stored by a browser or a proxy: JSON and CSV alike', async () => {
    const json = await ctx.http().get(`/api/v1/chambers/${milano}/firms`).set(leader).expect(200)
    expect(json.headers['cache-control']).toBe('no-store')
    const csv = await ctx.http().get(`/api/v1/chambers/${milano}/firms/export`).set(leader)
    expect(csv.status).toBe(200)
    expect(csv.headers['cache-control']).toBe('no-store')
    const problem = await ctx.http().get('/api/v1/auth/me')
    expect(problem.headers['cache-control']).toBe('no-store')
  })
})

/** A TCP relay to the test database that can be cut (as an outage) and restored. */
async function relayTo(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>()
  let server: Server
  let port = 0
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname)
      for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()) }
      client.pipe(upstream).pipe(client)
    })
    server.listen(port, '127.0.0.1', () => { port = (server.address() as AddressInfo).port; resolve() })
  })
  await listen()
  const url = new URL(target)
  url.port = String(port)
  return {
    url: url.toString(),
    async cut() {
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy() })
    },
    restore: listen,
  }
}

describe('an unreachable database', () => {
  // Two apps start here (the seed's, then the one cut off), each compiling every route's schemas: on
  // a busy 2-core machine that alone passed the default 30 s. What must be quick is the outage, timed below.
  it('is a 503 problem with Retry-After on login and data routes, quickly, and the app recovers by itself', async () => {
    const fresh = await freshDatabase(false)
    await seedDemoThroughApp(fresh.db, fresh.pool, { crm: false })
    const relay = await relayTo(new URL(fresh.url))
    const { db, pool } = createDb(relay.url, 2)
    const app = await buildApp(ctx.config, { db, pool })
    const login = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leader@pid.example', password: DEMO_PASSWORD } })
    try {
      expect((await login()).statusCode).toBe(200)
      const token = app.signAccessToken(1, [{ role: 'digital_leader', chambers: [milano] }], randomUUID())
      await relay.cut()
      const started = Date.now()
      for (const res of [
        await login(),
        await app.inject({ method: 'GET', url: `/api/v1/chambers/${milano}/firms`, headers: { authorization: `Bearer ${token}` } }),
        await app.inject({ method: 'GET', url: '/api/ready' }),
      ]) {
        expect(res.statusCode, res.body).toBe(503)
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
        expect(res.headers['retry-after']).toBe('5')
        expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' })
      }
      expect(Date.now() - started).toBeLessThan(10_000)
      await relay.restore()
      expect((await login()).statusCode).toBe(200)
    } finally {
      await app.close()
      await db.destroy()
      await relay.cut()
      await fresh.dropDb()
    }
  }, 120_000)
})
