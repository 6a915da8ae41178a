import type { FastifyInstance } from 'fastify'
import clientsRoutes from './clients/routes.ts'
import webhooksRoutes from './webhooks/routes.ts'

/**
 * The partner API (routes under /api/v1): partner organisations' API clients with OAuth 2.0
 * client credentials and scopes (clients/), and webhooks: subscriptions, signed deliveries with
 * retries, the delivery log and replay (webhooks/). The rest of the API is the same for clients
 * as for people: a client token reaches what a partner user of its organisation reaches, narrowed
 * to its scopes (core/auth/guard.ts).
 */
export default async function partnerApiModule(app: FastifyInstance) {
  await app.register(clientsRoutes)
  await app.register(webhooksRoutes)
}
export { Webhooks, type WebhookEvent } from './webhooks/emitter.ts'
/** The call log of API clients: app-wide (every module's routes answer clients), so app.ts registers it at the root. */
export { default as apiCallLog } from './clients/call-log-plugin.ts'
