import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Config } from '../config.ts'
import type pg from 'pg'
import { createDb, type Db } from './database.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts'

export interface OpenDatabase {
  db: Db
  pool: pg.Pool
  embedded: EmbeddedPostgres | null
  close(): Promise<void>
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL kept in DATA_DIR. */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const { db, pool } = createDb(config.databaseUrl, config.databasePoolSize)
    return { db, pool, embedded: null, close: () => db.destroy() }
  }
  const embedded = await startEmbeddedPostgres(resolve(config.dataDir, 'pglite'))
  // PGlite is one session: a single connection keeps transactions from interleaving.
  const { db, pool } = createDb(embedded.url, 1)
  return {
    db,
    pool,
    embedded,
    async close() {
      await db.destroy()
      await embedded.close()
    },
  }
}

/** Embedded mode without JWT_SECRET: keep one secret in the data folder so restarts keep sessions. */
export async function persistedSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'jwt-secret')
  try {
    const s = (await readFile(file, 'utf8')).trim()
    if (s.length >= 32) return s
  } catch { /* first start */ }
  const { randomBytes } = await import('node:crypto')
  const secret = randomBytes(32).toString('base64url')
  await mkdir(resolve(dataDir), { recursive: true })
  await writeFile(file, secret, { mode: 0o600 })
  return secret
}
