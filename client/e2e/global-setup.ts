import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** The test server's database (empty on the embedded one): tests set up what no API makes yet. */
    databaseUrl: string
  }
}

const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url))
const SPA_DIR = fileURLToPath(new URL('../dist/', import.meta.url))
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

// `pg` is the server's dependency: borrow it instead of adding a second copy to the client.
interface PgClient {
  connect(): Promise<void>
  query(sql: string): Promise<unknown>
  end(): Promise<void>
}
const require = createRequire(new URL('../../server/package.json', import.meta.url))
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient }

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/** Polls /api/ready; fails fast with the server's stderr if the process dies first. */
async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  let exited: number | null = null
  child.once('exit', (code) => (exited = code ?? -1))
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`server exited with code ${exited}:\n${stderr()}`)
    try {
      const res = await fetch(`${url}/api/ready`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server not ready after 60 s:\n${stderr()}`)
}

/** A fresh database on the local server or, when none is reachable, the embedded one in a temp folder. */
async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dbName = `pid_e2e_${randomBytes(6).toString('hex')}`
  if (process.env.TEST_DB !== 'embedded') {
    try {
      await admin(`CREATE DATABASE ${dbName}`)
      return {
        env: { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${dbName}` },
        drop: () => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
      }
    } catch (e) {
      console.warn(`[e2e] no PostgreSQL server (${(e as Error).message}): using the embedded database`)
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'pid-e2e-'))
  return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await freshDatabase()

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let err = ''
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      ...database.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      SEED_DEMO: 'true',
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      COOKIE_SECURE: 'false',
      // Every browser test signs in from this one address, a dozen times a minute at the busiest:
      // the login limit (10 a minute, proven by the API tests) would refuse the later ones.
      LOGIN_RATE_LIMIT_MAX: '100',
      // E2E_SERVER_LOG=<file> keeps the server's request log, to see what a failing test waited for.
      LOG_LEVEL: process.env.E2E_SERVER_LOG ? 'info' : 'warn',
      SPA_DIR,
    },
    stdio: ['ignore', process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore', 'pipe'],
  })
  if (process.env.E2E_SERVER_LOG) child.stdout?.pipe(createWriteStream(process.env.E2E_SERVER_LOG))
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    if (err.length > 20_000) err = err.slice(-20_000)
  })

  async function teardown(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      // close-with-grace allows 10 s; don't let a stuck server keep the database alive.
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000)
      await exited
      clearTimeout(timer)
    }
    await database.drop()
  }

  try {
    await waitReady(baseUrl, child, () => err)
  } catch (e) {
    await teardown()
    throw e
  }
  project.provide('baseUrl', baseUrl)
  project.provide('databaseUrl', database.env.DATABASE_URL ?? '')
  return teardown
}
