import type { FastifyInstance } from 'fastify'
import { noFacts, refreshAll, refreshRecent, type RefreshDeps } from './refresh.ts'
import monitoringRoutes from './routes.ts'
import reportRoutes from './report.routes.ts'
import openDataRoutes from './opendata.routes.ts'

/** Every minute: this month and the last one, from every module's figure source. */
export const REFRESH_QUEUE = 'monitoring.refresh'
/** Nightly (and at a start with no facts): every month from the first data. */
export const REBUILD_QUEUE = 'monitoring.rebuild'
const REBUILD_HOUR = 3

/**
 * Network monitoring (issue 16): the figures, funnel and targets of chambers, regions and the
 * network, answered from maintained aggregates the jobs below keep fresh. Every module feeds its own
 * monthly facts through `app.figures` (core/figures.ts); the CRM names a scope's chambers and the
 * funnel. Registered after the other modules, so every source is known.
 */
export default async function monitoringModule(app: FastifyInstance) {
  const deps = (): RefreshDeps => ({ figures: app.figures, crm: app.crm })
  // 'stately': at most one waiting and one running; a slow refresh never piles up minutes behind it.
  app.jobs.work(REFRESH_QUEUE, async (_payload, db) => { await refreshRecent(db, deps()) }, { policy: 'stately', expireInSeconds: 300 })
  app.jobs.work(REBUILD_QUEUE, async (_payload, db) => { await refreshAll(db, deps()) }, { policy: 'stately', expireInSeconds: 3600 })
  app.jobs.cron(REFRESH_QUEUE, '* * * * *')
  app.jobs.daily(REBUILD_QUEUE, REBUILD_HOUR)
  app.jobs.onStarted(async () => {
    if (await noFacts(app.db)) await app.jobs.enqueue(app.db, REBUILD_QUEUE, {})
  })
  await app.register(monitoringRoutes)
  await app.register(reportRoutes)
  await app.register(openDataRoutes)
}

/** For the demo seed and the CLI: rebuild every month now, in this process. */
export async function rebuildMonitoring(app: FastifyInstance): Promise<number> {
  return refreshAll(app.db, { figures: app.figures, crm: app.crm })
}
