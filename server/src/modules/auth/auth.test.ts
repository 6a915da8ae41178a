import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, login, makeUser, setCookies, TEST_PASSWORD, type TestContext } from '../../../test/helpers.ts'

let ctx: TestContext
let milano: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000', LOGIN_MAX_FAILURES: '3' } })
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

const auditActions = async (userId: number) =>
  (await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'user').where('entity_id', '=', String(userId)).orderBy('id').execute()).map((r) => r.action)

describe('login', () => {
  it('stores argon2id hashes and returns a short-lived token with an httpOnly, SameSite refresh cookie', async () => {
    const user = await makeUser(ctx.db, 'digital_leader', { chamberId: milano })
    const row = await ctx.db.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    const res = await ctx.http().post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: TEST_PASSWORD }).expect(200)
    expect(res.body.expiresIn).toBe(900)
    expect(res.body.user.grants).toEqual([{ role: 'digital_leader', chambers: [milano] }])
    const [header] = res.body.accessToken.split('.')
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).alg).toBe('HS256')
    const cookie = setCookies(res)[0]!
    expect(cookie).toMatch(/^pid_refresh=[\w-]{40,};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/)
    const stored = await ctx.db.selectFrom('refresh_token').select('token_hash').where('user_id', '=', user.id).execute()
    expect(stored).toHaveLength(1)
    expect(cookie).not.toContain(stored[0]!.token_hash)
    expect(await auditActions(user.id)).toEqual(['auth.login'])
  })

  it('refuses a wrong password or unknown email alike, and audits it', async () => {
    const user = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const wrong = await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: 'not-the-password' }).expect(401)
    const unknown = await ctx.http().post('/api/v1/auth/login').send({ email: 'nobody@test.example', password: 'whatever-it-is' }).expect(401)
    expect(wrong.body.code).toBe('invalid_credentials')
    expect(unknown.body.detail).toBe(wrong.body.detail)
    expect(await auditActions(user.id)).toEqual(['auth.login_failed'])
  })

  it('locks the account after repeated failures, even for the right password', async () => {
    const user = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    for (let i = 0; i < 3; i++) {
      await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401)
    }
    const locked = await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(423)
    expect(locked.body.code).toBe('account_locked')
    expect(await auditActions(user.id)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.account_locked', 'auth.login_locked'])
    await ctx.db.updateTable('app_user').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', user.id).execute()
    await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200)
  })

  it('does not let a disabled account in', async () => {
    const user = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    await ctx.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', user.id).execute()
    await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401)
  })
})

describe('refresh tokens', () => {
  it('rotate on every use; replaying a used one revokes the whole family', async () => {
    const user = await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })
    const first = await login(ctx, user.email)
    const r1 = await ctx.http().post('/api/v1/auth/refresh').set('cookie', first.cookie).expect(200)
    const second = setCookies(r1)[0]!.split(';')[0]!
    expect(second).not.toBe(first.cookie)
    await ctx.http().get('/api/v1/auth/me').set('authorization', `Bearer ${r1.body.accessToken}`).expect(200)

    const replay = await ctx.http().post('/api/v1/auth/refresh').set('cookie', first.cookie).expect(401)
    expect(replay.body.code).toBe('token_reused')
    // The thief's replay also ended the legitimate holder's session.
    await ctx.http().post('/api/v1/auth/refresh').set('cookie', second).expect(401)
    expect(await auditActions(user.id)).toEqual(['auth.login', 'auth.refresh', 'auth.refresh_reused'])
  })

  it('end at logout', async () => {
    const user = await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })
    const s = await login(ctx, user.email)
    const out = await ctx.http().post('/api/v1/auth/logout').set('cookie', s.cookie).expect(204)
    expect(setCookies(out)[0]).toMatch(/pid_refresh=;/)
    await ctx.http().post('/api/v1/auth/refresh').set('cookie', s.cookie).expect(401)
    await ctx.http().post('/api/v1/auth/refresh').expect(401)
  })
})

describe('access tokens', () => {
  it('expire', async () => {
    const user = await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })
    const expired = ctx.app.jwt.sign({ sub: String(user.id), g: [] }, { expiresIn: -10 } as never)
    const res = await ctx.http().get('/api/v1/auth/me').set('authorization', `Bearer ${expired}`).expect(401)
    expect(res.body.code).toBe('token_expired')
  })
})

describe('password change', () => {
  it('needs the current password, then ends the other sessions and opens a new one', async () => {
    const user = await makeUser(ctx.db, 'digital_leader', { chamberId: milano })
    const s = await login(ctx, user.email)
    const auth = { authorization: `Bearer ${s.token}` }
    const bad = await ctx.http().post('/api/v1/auth/password').set(auth).send({ currentPassword: 'nope', newPassword: 'a-brand-new-password' }).expect(401)
    expect(bad.body.code).toBe('invalid_credentials')
    const short = await ctx.http().post('/api/v1/auth/password').set(auth).send({ currentPassword: TEST_PASSWORD, newPassword: 'short' }).expect(400)
    expect(short.body.errors).toEqual([expect.objectContaining({ path: '/newPassword' })])
    const changed = await ctx.http().post('/api/v1/auth/password').set(auth).send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' }).expect(200)
    await ctx.http().post('/api/v1/auth/refresh').set('cookie', s.cookie).expect(401)
    const fresh = setCookies(changed)[0]!.split(';')[0]!
    await ctx.http().post('/api/v1/auth/refresh').set('cookie', fresh).expect(200)
    await ctx.http().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(401)
    await login(ctx, user.email, 'a-brand-new-password')
    expect(await auditActions(user.id)).toContain('auth.password_changed')
  })
})

describe('profile', () => {
  it('returns the user with roles, and updates name and language', async () => {
    const user = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const s = await login(ctx, user.email)
    const me = await ctx.http().get('/api/v1/auth/me').set('authorization', `Bearer ${s.token}`).expect(200)
    expect(me.body.roles).toEqual([{ role: 'digital_promoter', chamberId: milano, chamberName: 'Camera di commercio di Milano', regionCode: '03' }])
    const upd = await ctx.http().patch('/api/v1/auth/me').set('authorization', `Bearer ${s.token}`).send({ locale: 'en' }).expect(200)
    expect(upd.body.locale).toBe('en')
  })
})

describe('login rate limit', () => {
  it('is strict and shared through Redis by every instance', async () => {
    const env = { LOGIN_RATE_LIMIT_MAX: '3', REDIS_URL: 'redis://127.0.0.1:6379', TRUST_PROXY: 'true' }
    // Two app starts: side by side, and with room for a busy machine (each compiles every route's schemas).
    const [a, b] = await Promise.all([createTestContext({ env, demo: false }), createTestContext({ env, demo: false })])
    try {
      // Same client, two instances: the fourth attempt is refused wherever it lands.
      const email = `rl-${Date.now()}@test.example`
      const ip = `203.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
      const statuses = []
      for (const app of [a, b, a, b]) {
        statuses.push((await app.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password: 'whatever-it-is' })).status)
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401])
      expect(statuses[3]).toBe(429)
    } finally {
      await a.close()
      await b.close()
    }
  }, 150_000)
})
