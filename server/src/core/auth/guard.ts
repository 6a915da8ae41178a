import fp from 'fastify-plugin'
import jwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { can, canAcrossNetwork, canInRegion, scopeAllows, type ApiScope, type Grant, type RouteGuard } from '@pid/shared'
import { HttpError } from '../errors.ts'
import { authenticateFirm } from './firm-access.ts'
import { SessionCheck } from './sessions.ts'
import { ClientCheck } from './client-check.ts'

/** A partner API client acting through its service account (the actor's userId). */
export interface ApiClientActor {
  id: number
  partnerId: number
  scopes: ApiScope[]
  /** Calls a minute it may make (the rate limit keyed by the client). */
  rateLimit: number
}

export interface Actor {
  userId: number
  grants: Grant[]
  /** The signed-in session (refresh-token family): a firm session opened from the account is bound to it. */
  sessionId?: string
  /** Set when the token is a partner API client's (client credentials): its scopes narrow the grants. */
  client?: ApiClientActor
}

/** A person's token: their session. */
interface UserClaims {
  sub: string
  g: Grant[]
  /** The session (refresh-token family) the token was issued in: logout or a disabled account ends it at once. */
  sid: string
}

/** An API client's token (client credentials): its service account, its organisation's reach, its scopes. */
interface ClientClaims {
  sub: string
  g: Grant[]
  cid: number
  pid: number
  scp: ApiScope[]
  rl: number
}

type AccessClaims = UserClaims | ClientClaims

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
    /** An API client's access token (POST /api/v1/oauth/token). */
    signClientToken(serviceUserId: number, grants: Grant[], client: ApiClientActor): string
    /** Whether an API client is still active; the partner API tells it of revocations (`forget`). */
    apiClients: ClientCheck
    /**
     * The request's bearer token verified (once per request: the rate limiter keys by client before
     * the guard runs); null without a bearer token. Throws 401 problems for a bad or expired token.
     */
    verifyBearer(req: FastifyRequest): Promise<AccessClaims | null>
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
  if ('apiClient' in guard) return guard.apiClient === 'any' ? 'A partner API client token.' : `A partner API client token with scope \`${guard.apiClient}\`.`
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
    app.decorate('apiClients', new ClientCheck(app.pgPool))
    app.decorate('signAccessToken', (userId: number, grants: Grant[], sessionId: string) =>
      app.jwt.sign({ sub: String(userId), g: grants, sid: sessionId } satisfies UserClaims))
    app.decorate('signClientToken', (serviceUserId: number, grants: Grant[], client: ApiClientActor) =>
      app.jwt.sign({ sub: String(serviceUserId), g: grants, cid: client.id, pid: client.partnerId, scp: client.scopes, rl: client.rateLimit } satisfies ClientClaims))
    const verified = new WeakMap<FastifyRequest, Promise<AccessClaims | null>>()
    app.decorate('verifyBearer', (req: FastifyRequest) => {
      let claims = verified.get(req)
      if (!claims) {
        claims = verifyClaims(req)
        verified.set(req, claims)
      }
      return claims
    })

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
      // A GET's HEAD twin shares its schema object: describe it once (the document lists GET only).
      if (route.schema && [route.method].flat().some((m) => m !== 'HEAD')) {
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
      const client = req.actor.client
      if (typeof guard === 'object' && 'apiClient' in guard) {
        if (!client) throw new HttpError(403, 'forbidden', 'this route is for partner API clients (a client-credentials token)')
        if (guard.apiClient !== 'any' && !client.scopes.includes(guard.apiClient)) throw insufficientScope(guard.apiClient)
        return
      }
      if (guard === 'authenticated') {
        // A person's own account (profile, sessions, password): an API client has none.
        if (client) throw new HttpError(403, 'forbidden', 'this route is for people signed in, not API clients')
        return
      }
      if (client && !scopeAllows(client.scopes, guard.action)) throw insufficientScope(guard.action)
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

const insufficientScope = (what: string) =>
  new HttpError(403, 'insufficient_scope', `the client's token has no scope that allows ${what}`, undefined, { params: { required: what } })

async function verifyClaims(req: FastifyRequest): Promise<AccessClaims | null> {
  if (!req.headers.authorization) return null
  try {
    return await req.jwtVerify<AccessClaims>()
  } catch (err) {
    const expired = (err as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED'
    throw new HttpError(401, expired ? 'token_expired' : 'unauthorized',
      expired ? 'the access token has expired: refresh it' : 'the access token is not valid')
  }
}

async function authenticate(app: FastifyInstance, req: FastifyRequest): Promise<Actor> {
  const claims = await app.verifyBearer(req)
  if (!claims) throw new HttpError(401, 'unauthorized', 'sign in first: no bearer token')
  const userId = Number(claims.sub)
  if (!Number.isSafeInteger(userId) || !Array.isArray(claims.g)) throw new HttpError(401, 'unauthorized', 'the access token is not valid')
  if ('cid' in claims) {
    if (!Number.isSafeInteger(claims.cid) || !Number.isSafeInteger(claims.pid) || !Array.isArray(claims.scp) || !Number.isSafeInteger(claims.rl)) {
      throw new HttpError(401, 'unauthorized', 'the access token is not valid')
    }
    // A signed token is not enough: the client must not have been revoked since.
    if (!(await app.apiClients.isActive(claims.cid, userId))) throw new HttpError(401, 'unauthorized', 'the API client has been revoked')
    return { userId, grants: claims.g, client: { id: claims.cid, partnerId: claims.pid, scopes: claims.scp, rateLimit: claims.rl } }
  }
  if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) throw new HttpError(401, 'unauthorized', 'the access token is not valid')
  // A signed token is not enough: its session must still be open and its user active.
  if (!(await app.sessions.isOpen(claims.sid, userId))) throw new HttpError(401, 'unauthorized', 'the session has ended: sign in again')
  return { userId, grants: claims.g, sessionId: claims.sid }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
