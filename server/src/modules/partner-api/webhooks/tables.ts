import type { ColumnType, Generated } from 'kysely'
import type { Json, NullableTimestamp, TextArray, Timestamp } from '../../../db/column-types.ts'

/** Webhook subscriptions of API clients, their deliveries and every attempt (migration 0046). */
export interface WebhookSubscriptionTable {
  id: Generated<number>
  api_client_id: number
  url: string
  events: TextArray
  description: string | null
  secret: string
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface WebhookDeliveryTable {
  id: Generated<number>
  message_id: string
  subscription_id: number
  event_type: string
  payload: Json<Record<string, unknown>>
  status: ColumnType<'pending' | 'delivered' | 'failed', 'pending' | 'delivered' | 'failed' | undefined, 'pending' | 'delivered' | 'failed'>
  attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: NullableTimestamp
  last_status_code: number | null
  last_error: string | null
  created_at: Timestamp
  delivered_at: NullableTimestamp
}

export interface WebhookAttemptTable {
  id: Generated<number>
  delivery_id: number
  attempted_at: Timestamp
  status_code: number | null
  response_excerpt: string | null
  error: string | null
  duration_ms: number
  replayed_by: number | null
}

export interface WebhooksTables {
  webhook_subscription: WebhookSubscriptionTable
  webhook_delivery: WebhookDeliveryTable
  webhook_attempt: WebhookAttemptTable
}
