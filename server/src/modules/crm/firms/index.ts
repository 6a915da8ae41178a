import type { FastifyInstance } from 'fastify'
import firmRoutes from './firm-routes.ts'
import contactRoutes from './contact-routes.ts'
import privacyRoutes from './privacy-routes.ts'
import { RETENTION_QUEUE, runRetention, scheduleRetention } from './retention.ts'

/** CRM: firms, their people and consents, GDPR duties (routes under /api/v1), and the retention job. */
export default async function firmsRoutes(app: FastifyInstance) {
  await app.register(firmRoutes)
  await app.register(contactRoutes)
  await app.register(privacyRoutes)

  app.jobs.register(RETENTION_QUEUE, async (_payload, db) => { await runRetention(db) })
  // Where jobs run, make sure the daily retention run is scheduled (one pending run at most).
  if (app.config.jobsEnabled) {
    app.addHook('onReady', async () => { await app.db.transaction().execute((tx) => scheduleRetention(tx)) })
  }
}
