import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { Redis } from 'ioredis'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import { HttpError } from './errors.ts'

/**
 * Security headers, CORS and rate limiting. The CSP allows only our own origin: the SPA is built
 * to files served from here; PrimeVue injects its theme as <style> elements, hence 'unsafe-inline'
 * for styles (not scripts). Rate-limit counters live in Redis when REDIS_URL is set, so every
 * instance counts alike; in memory otherwise (one instance).
 */
export default fp(
  async function security(app: FastifyInstance, { config }: { config: Config }) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.cookieSecure ? [] : null,
        },
      },
      // The API docs page loads its own scripts: @fastify/swagger-ui sets its CSP for those routes.
      hsts: config.cookieSecure,
    })
    // API answers carry personal data (JSON, CSV, XLSX, PDF): no browser or proxy may keep a copy,
    // unless a route says otherwise. The SPA's static files are not under /api and stay cacheable.
    app.addHook('onSend', async (req, reply) => {
      if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
      // The ModI guidelines name the rate-limit headers X-RateLimit-*; the IETF draft, RateLimit-*: both are sent.
      for (const name of ['limit', 'remaining', 'reset']) {
        const value = reply.getHeader(`ratelimit-${name}`)
        if (value !== undefined) reply.header(`x-ratelimit-${name}`, value)
      }
    })
    await app.register(cors, {
      origin: config.corsOrigins.length ? config.corsOrigins : false,
      credentials: true,
    })
    const redis = config.redisUrl
      ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : undefined
    if (redis) {
      app.addHook('onClose', async () => { redis.disconnect() })
      await firstConnection(app, redis, REDIS_START_WAIT_MS)
    }
    // Not `global`: a route-level hook would run after the guard's (app-level hooks come first), so
    // a flood of bad tokens would cost a signature check each before being counted. Our own
    // app-level hook below runs the global limit first; routes with their own limit (sign-in) or
    // none (health) keep the plugin's route hooks.
    await app.register(rateLimit, {
      global: false,
      // A partner API client is counted by its id and held to its own limit (its token's `rl`
      // claim), wherever its calls come from; everyone else by address.
      keyGenerator: async (req) => {
        const client = await clientOfToken(app, req)
        return client ? `client:${client.id}` : req.ip
      },
      max: async (req) => (await clientOfToken(app, req))?.limit ?? config.rateLimitMax,
      timeWindow: '1 minute',
      // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset on every answer (IETF httpapi draft,
      // as the ModI guidelines ask), Retry-After on a 429.
      enableDraftSpec: true,
      // The limit guards the API. The SPA's files are static and cached; opening the app fetches
      // dozens of them, so counting them would lock out a busy office behind one address.
      allowList: (req) => !req.url.startsWith('/api/'),
      ...(redis ? { redis, nameSpace: 'pid-rl:' } : {}),
      // A Redis outage must not take the API down: let requests through and log it.
      skipOnError: true,
      errorResponseBuilder: (_req, ctx) =>
        new HttpError(429, 'rate_limited', `too many requests: retry in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, {
          headers: { 'retry-after': String(Math.ceil(ctx.ttl / 1000)) },
        }),
    })
    const limit = app.rateLimit()
    app.addHook('onRequest', async (req, reply) => {
      if (req.routeOptions.config?.rateLimit !== undefined) return
      await limit.call(app, req, reply)
    })
  },
  { name: 'security' },
)

/** How long a start waits for Redis before serving with limits that skip it (a busy machine connects slowly). */
const REDIS_START_WAIT_MS = 15_000

/**
 * Waits for the limits' Redis to be ready, at most `ms`: without the offline queue, a request counted
 * before the first connection would find Redis unwritable and pass uncounted (skipOnError), so a
 * fresh instance would start with no limits at all. Past `ms` the start goes on (an outage must
 * not keep the API down) and the limits apply from the connection on.
 */
async function firstConnection(app: FastifyInstance, redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return
  await new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); redis.off('ready', done); resolve() }
    const timer = setTimeout(() => {
      app.log.warn(`Redis not ready after ${ms / 1000} s: serving, rate limits counted from its connection on`)
      done()
    }, ms)
    redis.once('ready', done)
  })
}

/**
 * The API client a request's bearer token names, if it is a well-formed client token; null for a
 * person's token, no token or a bad one (that one is counted by address, and the guard answers 401).
 */
async function clientOfToken(app: FastifyInstance, req: FastifyRequest): Promise<{ id: number; limit: number } | null> {
  if (!req.headers.authorization) return null
  try {
    const claims = await app.verifyBearer(req)
    if (!claims || !('cid' in claims) || !Number.isSafeInteger(claims.cid) || !Number.isSafeInteger(claims.rl) || claims.rl < 1) return null
    return { id: claims.cid, limit: claims.rl }
  } catch {
    return null
  }
}
