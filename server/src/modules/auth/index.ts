import type { FastifyInstance, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { AcceptInvitationBody, ChangePasswordBody, LoginBody, Me, Session, UpdateMeBody } from '@pid/shared'
import { audit, auditContext } from '../../core/audit.ts'
import { AuthService } from './auth.service.ts'
import { problem } from '../../core/route-kit.ts'

const COOKIE = 'pid_refresh'
const COOKIE_PATH = '/api/v1/auth'
const tags = ['auth']

/** Staff sign-in: access token in the body, rotating refresh token in an httpOnly cookie. */
export default async function authModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = new AuthService({ db: app.db, config: app.config, sign: app.signAccessToken, sessions: app.sessions })
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(COOKIE, token, {
      path: COOKIE_PATH, httpOnly: true, secure: app.config.cookieSecure, sameSite: 'strict',
      maxAge: app.config.refreshTokenTtlDays * 86_400,
    })
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(COOKIE, { path: COOKIE_PATH, httpOnly: true, secure: app.config.cookieSecure, sameSite: 'strict' })

  app.post('/login', {
    schema: { tags, summary: 'Sign in with email and password', body: LoginBody,
      response: { 200: Session, 400: problem, 401: problem, 423: problem, 429: problem } },
    config: { guard: 'public', rateLimit: { max: app.config.loginRateLimitMax, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { session, refreshToken } = await service.login(req.body.email, req.body.password, auditContext(req), req.headers['user-agent'] ?? null)
    setCookie(reply, refreshToken)
    return session
  })

  app.post('/refresh', {
    schema: { tags, summary: 'Exchange the refresh cookie for a new access token (rotates the cookie)',
      response: { 200: Session, 401: problem } },
    config: { guard: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    try {
      const { session, refreshToken } = await service.refresh(req.cookies[COOKIE], auditContext(req), req.headers['user-agent'] ?? null)
      setCookie(reply, refreshToken)
      return session
    } catch (err) {
      clearCookie(reply)
      throw err
    }
  })

  app.post('/logout', {
    schema: { tags, summary: 'Sign out: revokes the refresh token family', response: { 204: { type: 'null' } } },
    config: { guard: 'public' },
  }, async (req, reply) => {
    await service.logout(req.cookies[COOKIE], auditContext(req))
    clearCookie(reply)
    return reply.code(204).send(null)
  })

  app.get('/me', {
    schema: { tags, summary: 'The signed-in user, roles and grants', response: { 200: Me, 401: problem } },
    config: { guard: 'authenticated' },
  }, async (req) => service.me(req.actor!.userId))

  app.patch('/me', {
    schema: { tags, summary: 'Update own name or language', body: UpdateMeBody, response: { 200: Me, 400: problem, 401: problem } },
    config: { guard: 'authenticated' },
  }, async (req) => {
    const userId = req.actor!.userId
    await app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('app_user').select(['name', 'locale']).where('id', '=', userId).executeTakeFirstOrThrow()
      await tx.updateTable('app_user').set({ ...req.body, updated_at: sql`now()` }).where('id', '=', userId).execute()
      await audit(tx, auditContext(req), { chamberId: null, action: 'user.profile_updated', entity: 'user', entityId: userId, before, after: req.body })
    })
    return service.me(userId)
  })

  app.post('/password', {
    schema: { tags, summary: 'Change own password: ends every session and returns a new one for this client',
      body: ChangePasswordBody, response: { 200: Session, 400: problem, 401: problem } },
    config: { guard: 'authenticated', rateLimit: { max: app.config.loginRateLimitMax, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { session, refreshToken } = await service.changePassword(req.actor!.userId, req.body.currentPassword,
      req.body.newPassword, auditContext(req), req.headers['user-agent'] ?? null)
    setCookie(reply, refreshToken)
    return session
  })

  app.post('/invitations/accept', {
    schema: { tags, summary: 'Accept an invitation and set a password', body: AcceptInvitationBody,
      response: { 204: { type: 'null' }, 400: problem, 404: problem } },
    config: { guard: 'public', rateLimit: { max: app.config.loginRateLimitMax, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    await service.acceptInvitation(req.body.token, req.body.password, auditContext(req))
    return reply.code(204).send(null)
  })
}
