import type { Selectable } from 'kysely'
import type { WebhookAttempt, WebhookDelivery, WebhookEventType, WebhookSubscription } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { WebhookAttemptTable, WebhookSubscriptionTable } from './tables.ts'

/** Whose webhooks a request handles: the API client, and the chamber a staff member acts in (null for the client itself). */
export interface Owner { clientId: number; chamberId: number | null }

const iso = (d: Date | string) => new Date(d).toISOString()
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d))

export const toSubscription = (r: Selectable<WebhookSubscriptionTable>): WebhookSubscription => ({
  id: Number(r.id),
  apiClientId: Number(r.api_client_id),
  url: r.url,
  events: r.events as WebhookEventType[],
  description: r.description,
  status: r.status,
  createdAt: iso(r.created_at),
})

/** Deliveries of one client's subscriptions, with the URL they go to. */
export function deliveryQuery(db: DbOrTx, clientId: number) {
  return db.selectFrom('webhook_delivery as d')
    .innerJoin('webhook_subscription as s', 's.id', 'd.subscription_id')
    .select(['d.id', 'd.message_id', 'd.subscription_id', 's.url', 'd.event_type', 'd.status', 'd.attempts', 'd.next_attempt_at',
      'd.last_status_code', 'd.last_error', 'd.created_at', 'd.delivered_at', 'd.payload'])
    .where('s.api_client_id', '=', clientId)
}
export type DeliveryRow = Awaited<ReturnType<ReturnType<typeof deliveryQuery>['executeTakeFirstOrThrow']>>

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: Number(r.id),
  messageId: r.message_id,
  subscriptionId: Number(r.subscription_id),
  url: r.url,
  eventType: r.event_type as WebhookEventType,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: isoOrNull(r.next_attempt_at),
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: iso(r.created_at),
  deliveredAt: isoOrNull(r.delivered_at),
})

export const toAttempt = (r: Selectable<WebhookAttemptTable>): WebhookAttempt => ({
  id: Number(r.id),
  attemptedAt: iso(r.attempted_at),
  statusCode: r.status_code,
  responseExcerpt: r.response_excerpt,
  error: r.error,
  durationMs: r.duration_ms,
  replay: r.replayed_by !== null,
})
