import type { FastifyInstance } from 'fastify'
import segmentRoutes from './segments.routes.ts'
import campaignRoutes from './campaigns.routes.ts'
import mailingsRoutes from '../mailings/index.ts'

/** CRM: outreach - segments and the campaigns drawn from them (routes under /api/v1). */
export default async function outreachRoutes(app: FastifyInstance) {
  await app.register(segmentRoutes)
  await app.register(campaignRoutes)
  await app.register(mailingsRoutes)
}
