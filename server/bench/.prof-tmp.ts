// TEMPORARY profiling helper (deleted after use)
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { seedDemo } from '../src/demo/seed.ts'
import { recreateBenchDatabase, dropBenchDatabase } from './database.ts'
import { runLoad } from './loadgen.ts'
import { readOneById } from './scenarios/read-one-by-id.ts'
const admin = 'postgres://postgres@127.0.0.1:5432/postgres'
const databaseUrl = await recreateBenchDatabase(admin)
const { db } = createDb(databaseUrl, 2)
await migrateToLatest(db); await seedDemo(db)
const p = await readOneById.prepare({ databaseUrl, db })
const side = process.env.SIDE === 'baseline' ? await p.baseline() : await p.ours()
const r = await runLoad({ url: side.url, headers: side.headers, connections: 20, durationSeconds: 8, warmupSeconds: 2 })
console.log(process.env.SIDE, r.requests.average, r.latencyMs)
await side.close(); await p.dispose?.(); await db.destroy(); await dropBenchDatabase(admin)
process.exit(0)
