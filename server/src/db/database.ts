import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'

export type Db = Kysely<Database>
export type Tx = Transaction<Database>
/** Repositories take either the pool or a transaction as their first argument. */
export type DbOrTx = Db | Tx

// pg returns int8 and numeric as strings. Ids and euro-cent amounts are int8: they stay well below
// 2^53, so we read them as numbers and refuse (loudly) anything that would lose precision.
// `date` stays a 'YYYY-MM-DD' string: no time zone may shift a calendar day.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`)
  return n
})
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)

/**
 * Runs `fn` on one dedicated pooled client, with a Kysely handle bound to that client alone: for
 * work that needs the pg client itself (COPY streams) inside a Kysely transaction.
 */
export async function withClient<T>(pool: pg.Pool, fn: (db: Db, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  const release = client.release.bind(client)
  // Kysely releases its connection after each use; this one stays ours until fn is done.
  client.release = () => {}
  const single = { connect: async () => client, end: async () => {} } as unknown as pg.Pool
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) })
  let failed: Error | undefined
  try {
    return await fn(db, client)
  } catch (err) {
    failed = err as Error
    throw err
  } finally {
    client.release = release
    // A client that failed mid-protocol (e.g. an aborted COPY) is discarded, not reused.
    release(failed)
  }
}

export function createDb(connectionString: string, poolSize: number): { db: Db; pool: pg.Pool } {
  const pool = createPool({ connectionString, max: poolSize })
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool }
}

/**
 * A pg pool whose lost connections never crash the process. An idle client's network error is
 * the pool's ('error' event). A client checked out at the moment its socket dies has no listener
 * of the pool's, and pg would throw its error as uncaught: every client gets one of its own, and
 * its next query fails (a 503 for the request) while the pool discards it.
 */
export function createPool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(options)
  pool.on('error', () => {})
  pool.on('connect', (client) => { client.on('error', () => {}) })
  return pool
}
