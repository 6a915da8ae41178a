import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { can, canAcrossNetwork, canInRegion, type Grant, type RouteGuard } from '@pid/shared'
import { HttpError } from '../errors.ts'
import { authenticateFirm } from './firm-access.ts'
import { SessionCheck } from './sessions.ts'

export interface Actor {
  userId: number
  grants: Grant[]
  /** The signed-in session (refresh-token family): a firm session opened from the account is bound to it. */
  sessionId?: string
}

interface AccessClaims {
  sub: string
  g: Grant[]
  /** The session (refresh-token family) the token was issued in: logout or a disabled account ends it at once. */
  sid: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route names its guard; the app refuses to start otherwise. */
    guard?: RouteGuard
  }
  interface FastifyRequest {
    actor: Actor | null
  }
  interface FastifyInstance {
    signAccessToken(userId: number, grants: Grant[], sessionId: string): string
    /** Whether a token's session is still open; modules that end sessions tell it (`endUser`). */
    sessions: SessionCheck
    /** method + url -> guard, for the authorization test and the docs. */
    routeGuards: Map<string, RouteGuard>
  }
}

const ISSUER = 'pid-platform'
const AUDIENCE = 'pid-api'

export function describeGuard(guard: RouteGuard): string {
  if (guard === 'public') return 'Public.'
  if (guard === 'authenticated') return 'Any signed-in user.'
  if ('firm' in guard) return `A firm session (from the firm's personal link) for \`${guard.firm}\`; staff tokens are refused.`
  const where = {
    global: 'in any chamber', chamber: 'in the chamber of the path',
    region: 'for the region of the path (regional and national roles)', network: 'across the network (national roles)',
  }[guard.scope]
  return `Requires permission \`${guard.action}\` ${where}.`
}

/**
 * Authentication and authorization for every route: short-lived HS256 access tokens (algorithm,
 * issuer and audience pinned) carrying the user's grants, checked against the route's guard
 * before the body is even parsed, so a refused request costs little and writes nothing.
 */
export default fp(
  async function guardPlugin(app: FastifyInstance, opts: { secret: string; accessTokenTtl: number }) {
    await app.register(jwt, {
      secret: opts.secret,
      sign: { algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE, expiresIn: opts.accessTokenTtl },
      // Every claim we issue is required: a token without aud, iss, exp or sub is not one of ours.
      verify: { algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'] },
    })
    app.decorateRequest('actor', null)
    app.decorateRequest('firm', null)
    app.decorate('routeGuards', new Map<string, RouteGuard>())
    app.decorate('sessions', new SessionCheck(app.pgPool))
    app.decorate('signAccessToken', (userId: number, grants: Grant[], sessionId: string) =>
      app.jwt.sign({ sub: String(userId), g: grants, sid: sessionId } satisfies AccessClaims))

    app.addHook('onRoute', (route) => {
      const url = route.url
      if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return
      const guard = route.config?.guard
      if (!guard) throw new Error(`route ${String(route.method)} ${url} declares no guard (config.guard)`)
      if (typeof guard === 'object' && 'scope' in guard && guard.scope === 'chamber' && !url.includes(':chamberId')) {
        throw new Error(`route ${url} is chamber-scoped but has no :chamberId parameter`)
      }
      if (typeof guard === 'object' && 'scope' in guard && guard.scope === 'region' && !url.includes(':regionCode')) {
        throw new Error(`route ${url} is region-scoped but has no :regionCode parameter`)
      }
      for (const m of [route.method].flat()) {
        if (m !== 'HEAD') app.routeGuards.set(`${m} ${url}`, guard)
      }
      if (route.schema) {
        route.schema.description = [route.schema.description, describeGuard(guard)].filter(Boolean).join('\n\n')
        if (guard !== 'public') (route.schema as Record<string, unknown>).security = [{ bearerAuth: [] }]
      }
    })

    app.addHook('onRequest', async (req: FastifyRequest) => {
      const guard = req.routeOptions.config.guard
      if (!guard || guard === 'public') return
      if (typeof guard === 'object' && 'firm' in guard) {
        req.firm = await authenticateFirm(app, req, guard.firm)
        return
      }
      req.actor = await authenticate(app, req)
      if (guard === 'authenticated') return
      const grants = req.actor.grants
      let allowed: boolean
      if (guard.scope === 'network') allowed = canAcrossNetwork(grants, guard.action)
      else if (guard.scope === 'global') allowed = can(grants, guard.action)
      else if (guard.scope === 'region') allowed = canInRegion(grants, guard.action, String((req.params as { regionCode?: string }).regionCode))
      else {
        const chamberId = Number((req.params as { chamberId?: string }).chamberId)
        // A malformed id is left to schema validation (400); it can reach no chamber anyway.
        if (!Number.isSafeInteger(chamberId) || chamberId < 1) return
        allowed = can(grants, guard.action, chamberId)
      }
      if (!allowed) throw new HttpError(403, 'forbidden', `permission ${guard.action} is not granted here`)
    })
  },
  { name: 'guard' },
)

async function authenticate(app: FastifyInstance, req: FastifyRequest): Promise<Actor> {
  if (!req.headers.authorization) throw new HttpError(401, 'unauthorized', 'sign in first: no bearer token')
  let claims: AccessClaims
  try {
    claims = await req.jwtVerify<AccessClaims>()
  } catch (err) {
    const expired = (err as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED'
    throw new HttpError(401, expired ? 'token_expired' : 'unauthorized',
      expired ? 'the access token has expired: refresh it' : 'the access token is not valid')
  }
  const userId = Number(claims.sub)
  if (!Number.isSafeInteger(userId) || !Array.isArray(claims.g) || typeof claims.sid !== 'string' || !UUID.test(claims.sid)) {
    throw new HttpError(401, 'unauthorized', 'the access token is not valid')
  }
  // A signed token is not enough: its session must still be open and its user active.
  if (!(await app.sessions.isOpen(claims.sid, userId))) throw new HttpError(401, 'unauthorized', 'the session has ended: sign in again')
  return { userId, grants: claims.g, sessionId: claims.sid }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
