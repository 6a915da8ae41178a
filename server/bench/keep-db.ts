/**
 * A bench database that outlives the run, for working on the CRM's queries with SQL and EXPLAIN
 * without regenerating and reloading a million firms each time (`pnpm bench` always starts afresh).
 *
 *   BENCH_DB_NAME=pid_bench_mine pnpm --filter @pid/server exec node bench/keep-db.ts [extract.csv]
 *
 * Recreates BENCH_DB_NAME (migrated, demo seed), writes the register extract to the given path
 * (kept: an existing file is reused), imports it through our import (HTTP upload + job, timed) and
 * analyses `firm`. Drop the database with `dropdb` when done.
 */
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { seedDemoThroughApp } from '../src/demo/seed-app.ts'
import { BENCH_DB, recreateBenchDatabase } from './database.ts'
import { BENCH_FIRMS, bareCopy, ensureFirms, importThroughOurs } from './crm-data.ts'
import { generateFirmsCsv, loadGeneratorReference } from './generate-firms.ts'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const path = process.argv[2] ?? join(tmpdir(), `pid-bench-registro-${BENCH_FIRMS}.csv`)

const databaseUrl = await recreateBenchDatabase(ADMIN_URL)
const { db, pool } = createDb(databaseUrl, 2)
try {
  await migrateToLatest(db)
  await seedDemoThroughApp(db, pool)
  const ctx = { databaseUrl, db }
  if (!existsSync(path)) {
    console.error(`generating ${BENCH_FIRMS} firms -> ${path}...`)
    const ref = await loadGeneratorReference(db, ['MI'])
    await generateFirmsCsv(ref, { path, count: BENCH_FIRMS, badEvery: 1000 })
  }
  console.error(`${BENCH_DB}: bare COPY of ${((await stat(path)).size / 1e6).toFixed(0)} MB...`)
  const copyMs = await bareCopy(databaseUrl, path)
  console.error(`${BENCH_DB}: importing ${path} (bare COPY ${copyMs} ms)...`)
  const run = await importThroughOurs(ctx, path)
  console.log(JSON.stringify({ copyMs, totalMs: run.totalMs, ratio: +(run.totalMs / copyMs).toFixed(2), uploadMs: run.uploadMs, jobMs: run.jobMs, timings: run.timings, run: run.run }, null, 2))
  await ensureFirms(ctx)
} finally {
  await db.destroy()
}
