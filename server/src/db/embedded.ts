import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedPostgres {
  url: string
  close(): Promise<void>
}

/**
 * Embedded PostgreSQL (PGlite, compiled to WebAssembly) served on a loopback socket, so the app
 * talks to it through the same pg driver, migrations and queries as to a real server.
 * `dataDir` undefined keeps it in memory (tests). PGlite is a single session: the app must use a
 * pool of one connection on it, so transactions never interleave.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent, btree_gist } })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 })
  await server.start()
  const address = (server as unknown as { server: import('node:net').Server }).server.address()
  if (!address || typeof address === 'string') throw new Error('embedded PostgreSQL did not bind a TCP port')
  return {
    url: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    async close() {
      await server.stop()
      await db.close()
    },
  }
}
