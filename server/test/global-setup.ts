import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'server': clone `template` on the real PostgreSQL at `adminUrl`; 'embedded': PGlite per file. */
    dbMode: 'server' | 'embedded'
    adminUrl: string
    template: string
  }
}

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Migrates one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE),
 * so files run in parallel on their own data. Without a reachable server the suite runs on
 * embedded PostgreSQL instead (one in-memory PGlite per file).
 */
export default async function setup(project: TestProject) {
  const template = `pid_tpl_${process.pid}`
  if (process.env.TEST_DB !== 'embedded' && (await reachable(adminUrl))) {
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${template}`)
    await admin.query(`CREATE DATABASE ${template}`)
    const { db } = createDb(adminUrl.replace(/\/[^/]*$/, `/${template}`), 1)
    await migrateToLatest(db)
    await db.destroy()
    project.provide('dbMode', 'server')
    project.provide('adminUrl', adminUrl)
    project.provide('template', template)
    return async () => {
      const left = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `pid_t_${process.pid}_%`])
      for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
      await admin.end()
    }
  }
  console.warn('[tests] no PostgreSQL server reachable: running on embedded PostgreSQL (PGlite)')
  project.provide('dbMode', 'embedded')
  project.provide('adminUrl', '')
  project.provide('template', '')
}
