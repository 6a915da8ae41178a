import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { openDatabase, persistedSecret } from './db/open.ts'
import { migrateToLatest } from './db/migrate.ts'
import { demoBanner, isEmpty, seedDemo } from './demo/seed.ts'

/** The process: config -> database -> migrations -> app and its job queues -> (demo data) -> listen -> workers; graceful shutdown. */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  if (!config.databaseUrl && !process.env.JWT_SECRET) config = { ...config, jwtSecret: await persistedSecret(config.dataDir) }

  const database = await openDatabase(config)
  await migrateToLatest(database.db)
  const app = await buildApp(config, { db: database.db, pool: database.pool })
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
    await database.close()
  })
  // Ready first: the demo data enqueues jobs (a call's closing), so the queues must exist.
  await app.ready()
  // The embedded default seeds itself on first start, so a newcomer can log in at once;
  // a production database gets demo data only when SEED_DEMO=true asks for it.
  const wantDemo = config.seedDemo ?? database.embedded !== null
  const seeded = wantDemo && (await isEmpty(database.db))
  if (seeded) await seedDemo(database.db, app.jobs)
  const address = await app.listen({ host: config.host, port: config.port })
  if (config.jobsEnabled) await app.jobs.startWorkers()
  if (seeded || database.embedded) console.log(demoBanner(config.publicUrl.startsWith('http://localhost') ? address.replace('127.0.0.1', 'localhost') : config.publicUrl))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
