// Scratch: a 1M-firm database for query work (not committed).
import { createDb } from './src/db/database.ts'
import { migrateToLatest } from './src/db/migrate.ts'
import { seedDemo } from './src/demo/seed.ts'
import { registerExtract, importThroughOurs } from './bench/crm-data.ts'
import pg from 'pg'
import { sql } from 'kysely'
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' })
await admin.connect(); await admin.query('DROP DATABASE IF EXISTS pid_perf WITH (FORCE)'); await admin.query('CREATE DATABASE pid_perf'); await admin.end()
const url = 'postgres://postgres@127.0.0.1:5432/pid_perf'
const { db } = createDb(url, 2)
await migrateToLatest(db); await seedDemo(db, { crm: false })
const ctx = { databaseUrl: url, db } as never
const file = await registerExtract(ctx)
const t = Date.now(); const r = await importThroughOurs(ctx, (file as { path: string }).path)
console.log('import', Date.now() - t, r.run.status, r.run.inserted)
await sql`VACUUM ANALYZE firm`.execute(db)
await db.destroy()
