import type pg from 'pg'
import { buildApp } from '../app.ts'
import { loadConfig, type Config } from '../config.ts'
import type { Db } from '../db/database.ts'
import { seedDemo } from './seed.ts'

/**
 * Loads the demo through a built app (not listening, no workers), for the CLI and the bench: the
 * demo enqueues jobs (a call's closing) in the queues the modules declare.
 */
export async function seedDemoThroughApp(db: Db, pool: pg.Pool, options: { config?: Config; crm?: boolean } = {}): Promise<void> {
  const config = options.config ?? loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn' })
  const app = await buildApp({ ...config, jobsEnabled: false }, { db, pool })
  try {
    await app.ready()
    await seedDemo(db, app.jobs, options.crm === undefined ? {} : { crm: options.crm })
  } finally {
    await app.close()
  }
}
