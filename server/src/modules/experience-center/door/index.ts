import type { FastifyInstance } from 'fastify'
import doorRoutes from './door.routes.ts'
import doorPublicRoutes from './public.routes.ts'
import resultsRoutes from './results.routes.ts'
import { registerAfterEventJobs } from './after-event.ts'

/**
 * The door and after: check-in at the door (QR or search, offline queue, walk-ins), attendance on
 * the firm's timeline, certificates, the survey mailed to attendees after the event, figures per
 * event, PID and region, and the event's costs spent on the budget.
 */
export default async function doorPart(app: FastifyInstance) {
  registerAfterEventJobs(app)
  await app.register(doorRoutes)
  await app.register(doorPublicRoutes)
  await app.register(resultsRoutes)
}
