/**
 * @pid/partner-client: a typed client of the Punto Impresa Digitale partner API.
 * See README.md for a quick start and examples/quickstart.ts for a whole integration.
 */
export { createPartnerClient, type PartnerClient, type PartnerClientOptions } from './client.ts'
export { ProblemError, isProblem, orThrow, type Problem } from './problem.ts'
export { newIdempotencyKey, IDEMPOTENCY_KEY } from './idempotency.ts'
export {
  verifyWebhook, WebhookVerificationError,
  type VerifiedWebhook, type WebhookEvent, type WebhookEventOf, type WebhookHeaders,
} from './webhooks.ts'
export { WEBHOOK_EVENTS, type WebhookEventType } from './webhook-events.ts'
export type { paths, components, webhooks } from './schema.d.ts'
