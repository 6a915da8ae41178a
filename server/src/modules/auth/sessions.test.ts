import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, chamberId, createTestContext, demoAuth, login, makeUser, type TestContext } from '../../../test/helpers.ts'

/** An access token is only as good as its session: ending the session ends access at once. */
let ctx: TestContext
let milano: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

const chamberPage = (token: string) => ctx.http().get(`/api/v1/chambers/${milano}`).set(bearer(token))

describe('an access token still within its 15 minutes', () => {
  it('stops working at once after logout, while another session of the same user goes on', async () => {
    const user = await makeUser(ctx.db, 'digital_coordinator', { chamberId: milano })
    const first = await login(ctx, user.email)
    const second = await login(ctx, user.email)
    await chamberPage(first.token).expect(200)
    await ctx.http().post('/api/v1/auth/logout').set('cookie', first.cookie).expect(204)
    const res = await chamberPage(first.token).expect(401)
    expect(res.body.code).toBe('unauthorized')
    await chamberPage(second.token).expect(200)
  })

  it('stops working at once when a leader disables the account', async () => {
    const user = await makeUser(ctx.db, 'digital_promoter', { chamberId: milano })
    const session = await login(ctx, user.email)
    await chamberPage(session.token).expect(200)
    const leader = await demoAuth(ctx, 'leader@pid.example')
    await ctx.http().patch(`/api/v1/chambers/${milano}/users/${user.id}`).set(leader).send({ status: 'disabled' }).expect(200)
    await chamberPage(session.token).expect(401)
    await ctx.http().get('/api/v1/auth/me').set(bearer(session.token)).expect(401)
  })

  it('stops working at once when the password is changed elsewhere, except in the new session', async () => {
    const user = await makeUser(ctx.db, 'digital_leader', { chamberId: milano })
    const old = await login(ctx, user.email)
    const other = await login(ctx, user.email)
    const changed = await ctx.http().post('/api/v1/auth/password').set(bearer(other.token))
      .send({ currentPassword: 'test-password-123', newPassword: 'a-brand-new-password-2026' }).expect(200)
    await chamberPage(old.token).expect(401)
    await chamberPage(other.token).expect(401)
    await chamberPage(changed.body.accessToken).expect(200)
  })
})
