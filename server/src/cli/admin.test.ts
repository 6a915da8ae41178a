import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createDb, type Db } from '../db/database.ts'
import { freshDatabase } from '../../test/helpers.ts'
import { verifyPassword } from '../core/auth/passwords.ts'

const exec = promisify(execFile)
const CLI = new URL('./admin.ts', import.meta.url).pathname
const SERVER_DIR = new URL('../../', import.meta.url).pathname

/** The operators' tool bootstraps an empty production database: no demo, a chamber, its users. */
let env: Record<string, string>
let db: Db
let cleanup: () => Promise<void>

beforeAll(async () => {
  const fresh = await freshDatabase(false)
  if (fresh.url) {
    // A real server: the CLI opens the database itself, as an operator would.
    await fresh.db.destroy()
    env = { DATABASE_URL: fresh.url }
    db = createDb(fresh.url, 2).db
    cleanup = async () => { await db.destroy(); await fresh.dropDb() }
  } else {
    // No server: the CLI works on an embedded database in a folder; we read it afterwards.
    await fresh.dropDb()
    const dir = await mkdtemp(join(tmpdir(), 'pid-cli-'))
    env = { DATA_DIR: dir }
    cleanup = () => rm(dir, { recursive: true, force: true })
  }
})
afterAll(async () => { await cleanup() })

const admin = (...args: string[]) =>
  exec(process.execPath, [CLI, ...args], { cwd: SERVER_DIR, env: { ...process.env, ...env, LOG_LEVEL: 'silent' } })

describe('pnpm admin', () => {
  it('creates a chamber and its leader, resets a password, and refuses bad input clearly', async () => {
    await admin('migrate')
    const chamber = await admin('create-chamber', '--name', 'Camera di commercio di Roma', '--short-name', 'Roma', '--provinces', 'RM')
    const id = /chamber (\d+) created/.exec(chamber.stdout)?.[1]
    expect(id).toBeDefined()
    const user = await admin('create-user', '--email', 'leader@roma.example', '--name', 'Maria Rossi', '--role', 'digital_leader', '--chamber', id!)
    const password = /password: (\S+)/.exec(user.stdout)?.[1]
    expect(password?.length).toBeGreaterThanOrEqual(12)
    await admin('reset-password', '--email', 'leader@roma.example', '--password', 'nuova-password-sicura')

    await expect(admin('create-user', '--email', 'x@roma.example', '--name', 'X', '--role', 'digital_leader'))
      .rejects.toMatchObject({ stderr: expect.stringContaining('pass --chamber ID') })
    await expect(admin('create-user', '--email', 'x@roma.example', '--name', 'X', '--role', 'emperor'))
      .rejects.toMatchObject({ stderr: expect.stringContaining('unknown role emperor') })

    if (!db) return // embedded: the folder's database is checked by the commands above
    const row = await db.selectFrom('app_user as u').innerJoin('role_assignment as r', 'r.user_id', 'u.id')
      .select(['u.password_hash', 'r.role', 'r.chamber_id', 'u.status']).where(sql`lower(u.email)`, '=', 'leader@roma.example').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ role: 'digital_leader', chamber_id: Number(id), status: 'active' })
    expect(await verifyPassword(row.password_hash, 'nuova-password-sicura')).toBe(true)
    expect(await db.selectFrom('chamber').select('id').execute()).toHaveLength(1)
    const audited = await db.selectFrom('audit_log').select('action').orderBy('id').execute()
    expect(audited.map((a) => a.action)).toEqual(['chamber.created', 'user.created', 'auth.password_reset'])
  }, 120_000) // six cold starts of the CLI: on a loaded 2-core machine each takes seconds
})
