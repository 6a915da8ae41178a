import { randomBytes } from 'node:crypto'
import pg from 'pg'
import supertest from 'supertest'
import nodemailer from 'nodemailer'
import { inject } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { Role, Session } from '@pid/shared'
import { buildApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createDb, type Db } from '../src/db/database.ts'
import { startEmbeddedPostgres } from '../src/db/embedded.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { Mailer } from '../src/core/mail.ts'
import { hashPassword } from '../src/core/auth/passwords.ts'
import { DEMO_PASSWORD, seedDemo } from '../src/demo/seed.ts'

export interface TestContext {
  app: FastifyInstance
  db: Db
  pool: pg.Pool
  config: Config
  /** supertest over a real HTTP socket of this app */
  http: () => supertest.Agent
  close(): Promise<void>
}

export interface TestOptions {
  env?: Record<string, string>
  /** Force the embedded database even when a server is reachable. */
  embedded?: boolean
  /** Send mail through nodemailer's JSON transport instead of holding it. */
  sendMail?: boolean
  /** Load the demo network (Lombardy chambers + a user per role); default true. */
  demo?: boolean
  /** Also load the demo CRM (firms, partners, touches); default false: tests make their own firms. */
  crmDemo?: boolean
  /** Test-only routes, added before the app starts (a route can only be added then). */
  routes?: (app: FastifyInstance) => void
}

/** A fresh database for this test file (cloned from the migrated template) and an app on it. */
export async function createTestContext(opts: TestOptions = {}): Promise<TestContext> {
  const { db, pool, dropDb } = await freshDatabase(opts.embedded ?? false)
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false', JOBS_ENABLED: 'false',
    JWT_SECRET: randomBytes(32).toString('hex'), PUBLIC_URL: 'http://pid.test', ...opts.env,
  })
  const mailer = opts.sendMail ? new Mailer(nodemailer.createTransport({ jsonTransport: true }), config.mailFrom) : undefined
  const app = await buildApp(config, { db, pool, ...(mailer ? { mailer } : {}) })
  opts.routes?.(app)
  await app.listen({ host: '127.0.0.1', port: 0 })
  // After the app is ready: the demo enqueues jobs in the queues the modules declare.
  if (opts.demo ?? true) await seedDemo(db, app.jobs, { crm: opts.crmDemo ?? false })
  return {
    app, db, pool, config,
    http: () => supertest.agent(app.server),
    async close() {
      await app.close()
      await dropDb()
    },
  }
}

/** Database `name` on the server of `adminUrl`, with a pool on it; dropDb drops it (WITH FORCE). */
export function serverDatabase(adminUrl: string, name: string): { db: Db; pool: pg.Pool; url: string; dropDb: () => Promise<void> } {
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  const { db, pool } = createDb(url, 5)
  return {
    db,
    pool,
    url,
    async dropDb() {
      await db.destroy()
      const a = new pg.Client({ connectionString: adminUrl })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await a.end()
    },
  }
}

export async function freshDatabase(embedded: boolean): Promise<{ db: Db; pool: pg.Pool; url: string; dropDb: () => Promise<void> }> {
  if (!embedded && inject('dbMode') === 'server') {
    const adminUrl = inject('adminUrl')
    const name = `pid_t_${process.ppid}_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    // CREATE DATABASE ... TEMPLATE needs the template free of sessions: retry briefly if another
    // file is cloning at the same instant.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('template')}`)
        break
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    await admin.end()
    return serverDatabase(adminUrl, name)
  }
  const pglite = await startEmbeddedPostgres()
  const { db, pool } = createDb(pglite.url, 1)
  await migrateToLatest(db)
  return { db, pool, url: pglite.url, async dropDb() { await db.destroy(); await pglite.close() } }
}

export const TEST_PASSWORD = 'test-password-123'
let testHash: Promise<string> | undefined

/** A user with one role; chamber roles need `chamberId`, the regional one `regionCode`. */
export async function makeUser(db: Db, role: Role, scope: { chamberId?: number; regionCode?: string } = {},
  email = `${role}.${randomBytes(3).toString('hex')}@test.example`): Promise<{ id: number; email: string }> {
  testHash ??= hashPassword(TEST_PASSWORD)
  const { id } = await db.insertInto('app_user')
    .values({ email, name: `Test ${role}`, password_hash: await testHash, status: 'active' })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('role_assignment').values({
    user_id: id, role, chamber_id: scope.chamberId ?? null, region_code: scope.regionCode ?? null,
  }).execute()
  return { id, email }
}

export async function chamberId(db: Db, shortName: string): Promise<number> {
  const row = await db.selectFrom('chamber').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow()
  return row.id
}

export async function login(ctx: TestContext, email: string, password = TEST_PASSWORD): Promise<{ token: string; cookie: string; session: Session }> {
  const res = await ctx.http().post('/api/v1/auth/login').send({ email, password })
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`)
  const cookie = setCookies(res).find((c) => c.startsWith('pid_refresh='))!
  return { token: res.body.accessToken, cookie: cookie.split(';')[0]!, session: res.body }
}

export const loginDemo = (ctx: TestContext, email: string) => login(ctx, email, DEMO_PASSWORD)

export async function count(db: Db, table: 'audit_log' | 'app_user' | 'mail_outbox' | 'chamber' | 'role_assignment' | 'invitation'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The Set-Cookie headers of a response, as a list. */
export const setCookies = (res: { headers: Record<string, unknown> }): string[] =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? [])

/** The Authorization header of a signed-in user. */
export type Auth = { authorization: string }
export const bearer = (token: string): Auth => ({ authorization: `Bearer ${token}` })

/** Signs a demo user in and returns its Authorization header. */
export const demoAuth = async (ctx: TestContext, email: string): Promise<Auth> => bearer((await loginDemo(ctx, email)).token)

/**
 * A test database for staff at work in two chambers (Milano and Bergamo), one demo user of Milano
 * signed in, and logins not rate-limited: such tests sign many people in.
 */
export async function twoChamberContext(demoEmail: string) {
  const ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  const milano = await chamberId(ctx.db, 'Milano')
  const bergamo = await chamberId(ctx.db, 'Bergamo')
  return { ctx, milano, bergamo, auth: await demoAuth(ctx, demoEmail) }
}
