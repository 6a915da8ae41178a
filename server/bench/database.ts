import pg from 'pg'

/** BENCH_DB_NAME lets two checkouts bench side by side without dropping each other's data. */
export const BENCH_DB = process.env.BENCH_DB_NAME ?? 'pid_bench'

/** The bench database's URL: the admin URL with its database name swapped. */
export function benchDatabaseUrl(adminUrl: string): string {
  const u = new URL(adminUrl)
  u.pathname = `/${BENCH_DB}`
  return u.toString()
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * Drops and recreates the bench database. FORCE (PostgreSQL 13+) ends connections a crashed
 * earlier run may have left behind, which would otherwise block the drop.
 */
export async function recreateBenchDatabase(adminUrl: string): Promise<string> {
  await withAdmin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${BENCH_DB}`)
  })
  return benchDatabaseUrl(adminUrl)
}

export async function dropBenchDatabase(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`))
}
