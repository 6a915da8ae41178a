import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Session } from '@pid/shared'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import type { Side } from './types.ts'

export interface Ours {
  app: FastifyInstance
  /** Signs in through the real POST /api/v1/auth/login and returns the session. */
  login(email: string, password: string): Promise<Session>
  /** Starts listening on a free port; `path` and `headers` make the Side the load generator hits. */
  listen(path: string, headers?: Record<string, string>): Promise<Side>
  /** Closes the app and its pool; safe to call twice. */
  close(): Promise<void>
}

/**
 * The real application, configured as in production except for what would distort a benchmark:
 * the rate limit is lifted (every request comes from one IP), background jobs are off (they would
 * compete for the CPU), logs are at warn (as a production deployment would run), cookies are not
 * marked Secure (plain HTTP on 127.0.0.1). Shared by every scenario, so each measures the same app.
 */
export async function buildOurs(databaseUrl: string, poolSize = 10): Promise<Ours> {
  const { db, pool } = createDb(databaseUrl, poolSize)
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    COOKIE_SECURE: 'false',
    JOBS_ENABLED: 'false',
    // The longest allowed: a token must outlive warm-up plus a long BENCH_DURATION.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  })
  const app = await buildApp(config, { db, pool })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await app.close()
    await db.destroy()
  }
  return {
    app,
    async login(email, password) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })
      if (res.statusCode !== 200) throw new Error(`login as ${email} failed: ${res.statusCode} ${res.body}`)
      return res.json<Session>()
    },
    async listen(path, headers) {
      const address = await app.listen({ host: '127.0.0.1', port: 0 })
      return { url: `${address}${path}`, headers, close }
    },
    close,
  }
}
