import type { FastifyInstance } from 'fastify'

/** Webhook subscriptions, the delivery log and replay: staff's routes and the client's own. */
export default async function webhooksRoutes(_app: FastifyInstance) {
  // filled in by the webhooks part
}
