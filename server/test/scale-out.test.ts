import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { setTimeout as wait } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import pg from 'pg'
import pino from 'pino'
import { Redis } from 'ioredis'
import type { Db } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { Jobs } from '../src/core/jobs.ts'
import { SCAN_QUEUE, SCAN_QUEUE_POLICY } from '../src/modules/crm/imports/duplicate-scan.ts'
import { freshDatabase, serverDatabase } from './helpers.ts'
import { adminUrl } from './global-setup.ts'

/**
 * Two real app processes (`node src/main.ts`) on one PostgreSQL database and one Redis, as
 * docker-compose.yml runs them behind the proxy. Needs both servers, even when the other files run
 * on the embedded database (TEST_DB=embedded): without them it fails, it does not skip (CI starts them).
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const SERVER_DIR = new URL('../', import.meta.url).pathname

let db: Db
let pool: pg.Pool
let dropDb: (() => Promise<void>) | undefined
const instances: { url: string; child: ChildProcess }[] = []

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

/** Starts `node src/main.ts` and resolves once it logs that it listens. */
async function startInstance(databaseUrl: string, jwtSecret: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '4', REDIS_URL, JWT_SECRET: jwtSecret,
      PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'false', TRUST_PROXY: 'true', LOGIN_RATE_LIMIT_MAX: '3',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const errors: string[] = []
  child.stderr!.on('data', (d) => errors.push(String(d)))
  const lines = createInterface({ input: child.stdout! })
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`instance exited (${code}): ${errors.join('')}`) })
  const listening = (async () => {
    for await (const line of lines) if (line.includes('Server listening')) return
  })()
  await Promise.race([listening, exited])
  return { url: `http://127.0.0.1:${port}`, child }
}

/** TEST_DB=embedded: no template was made, so a database of our own on the server, migrated here. */
async function migratedServerDatabase(): Promise<{ db: Db; pool: pg.Pool; url: string; dropDb: () => Promise<void> }> {
  const name = `pid_scale_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 })
  await admin.connect().catch((err: Error) => { throw new Error(`two instances need a PostgreSQL server (${adminUrl}): ${err.message}`) })
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const database = serverDatabase(adminUrl, name)
  await migrateToLatest(database.db)
  return database
}

beforeAll(async () => {
  // Fail loudly, not skip, when a server is missing.
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  try {
    await redis.connect()
    expect(await redis.ping()).toBe('PONG')
  } catch (err) {
    throw new Error(`Redis is not reachable at ${REDIS_URL}: two instances share rate-limit counters through it (${(err as Error).message})`)
  } finally {
    redis.disconnect()
  }
  const fresh = inject('dbMode') === 'server' ? await freshDatabase(false) : await migratedServerDatabase()
  ;({ db, pool, dropDb } = fresh)
  const secret = randomBytes(32).toString('hex')
  instances.push(...(await Promise.all([startInstance(fresh.url, secret), startInstance(fresh.url, secret)])))
}, 60_000)

afterAll(async () => {
  await Promise.all(instances.map(async ({ child }) => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    await once(child, 'exit')
  }))
  await dropDb?.()
})

describe('two app instances on one database', () => {
  it('run a job enqueued once exactly once, although both instances\' workers poll', async () => {
    const chambers = await db.insertInto('chamber')
      .values(Array.from({ length: 12 }, (_, i) => ({ name: `Camera ${i}`, short_name: `C${i}`, region_code: '03', pid_name: `PID ${i}`, active_from: '2017-01-01' })))
      .returning('id').execute()
    // A third party sends the jobs (as a request on either instance would): one scan per chamber.
    const sender = new Jobs(db, pool, pino({ level: 'silent' }), { background: false })
    sender.work(SCAN_QUEUE, async () => { throw new Error('only the instances run jobs') }, { policy: SCAN_QUEUE_POLICY })
    await sender.start()
    await db.transaction().execute(async (tx) => {
      for (const { id } of chambers) await sender.enqueue(tx, SCAN_QUEUE, { chamberId: id }, { singletonKey: `chamber:${id}` })
    })
    // The instances poll every 2 s; wait (bounded) until every job has completed.
    for (let i = 0; i < 100; i++) {
      const states = (await sender.boss.findJobs(SCAN_QUEUE)).map((j) => j.state)
      if (states.length === 12 && states.every((s) => s === 'completed')) break
      await wait(200)
    }
    expect((await sender.boss.findJobs(SCAN_QUEUE)).map((j) => j.state)).toEqual(Array(12).fill('completed'))
    await sender.stop()
    const runs = await db.selectFrom('audit_log').select(['entity_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('action', '=', 'crm.duplicates.scanned').groupBy('entity_id').execute()
    expect(runs.map((r) => Number(r.n))).toEqual(Array(12).fill(1))
    expect(runs.map((r) => Number(r.entity_id)).sort((a, b) => a - b)).toEqual(chambers.map((c) => c.id).sort((a, b) => a - b))
  })

  it('share rate-limit counters through Redis: requests split across both are refused once the limit is reached', async () => {
    const [a, b] = instances.map((i) => i.url)
    const ip = `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
    const statuses: number[] = []
    for (const base of [a, b, a, b]) {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ email: `scale-${ip}@test.example`, password: 'not-the-password' }),
      })
      statuses.push(res.status)
    }
    // Three attempts a minute per client (LOGIN_RATE_LIMIT_MAX), counted once for both instances.
    expect(statuses).toEqual([401, 401, 401, 429])
  })
})
