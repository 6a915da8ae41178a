import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { Redis } from 'ioredis'
import type { FastifyInstance } from 'fastify'
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
    })
    await app.register(cors, {
      origin: config.corsOrigins.length ? config.corsOrigins : false,
      credentials: true,
    })
    const redis = config.redisUrl
      ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : undefined
    if (redis) app.addHook('onClose', async () => { redis.disconnect() })
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitMax,
      timeWindow: '1 minute',
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
  },
  { name: 'security' },
)
