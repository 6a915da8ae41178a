import type { FastifyInstance } from 'fastify'
import firmRoutes from './firm-routes.ts'
import contactRoutes from './contact-routes.ts'
import privacyRoutes from './privacy-routes.ts'
import { RETENTION_HOUR, RETENTION_QUEUE, runRetention } from './retention.ts'

/** CRM: firms, their people and consents, GDPR duties (routes under /api/v1), and the retention job. */
export default async function firmsRoutes(app: FastifyInstance) {
  await app.register(firmRoutes)
  await app.register(contactRoutes)
  await app.register(privacyRoutes)

  app.jobs.work(RETENTION_QUEUE, async (_payload, db) => { await runRetention(db) })
  app.jobs.daily(RETENTION_QUEUE, RETENTION_HOUR)
}
