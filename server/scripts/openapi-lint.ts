import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { startEmbeddedPostgres } from '../src/db/embedded.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

/**
 * Dumps the OpenAPI document of the whole app (built, never listening) and lints it with Spectral
 * and the repository's .spectral.yaml, failing on warnings too: `pnpm openapi:lint [out.json]`.
 * The app is built on DATABASE_URL when set, else on an in-memory embedded PostgreSQL (modules read
 * their defaults at boot). `pnpm test` runs the same lint in server/src/core/openapi/lint.test.ts.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const out = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'pid-openapi-')), 'openapi.json')

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' } as Record<string, string>)
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres()
const { db, pool } = createDb(config.databaseUrl ?? embedded!.url, 1)
if (embedded) await migrateToLatest(db)
const app = await buildApp(config, { db, pool })
await app.ready()
writeFileSync(out, JSON.stringify(app.swagger(), null, 2))
await app.close()
await db.destroy()
await embedded?.close()
console.log(`OpenAPI document: ${out}`)

const lint = spawnSync(join(root, 'server/node_modules/.bin/spectral'),
  ['lint', out, '--ruleset', join(root, '.spectral.yaml'), '--fail-severity=warn'], { stdio: 'inherit', cwd: root })
process.exit(lint.status ?? 1)
