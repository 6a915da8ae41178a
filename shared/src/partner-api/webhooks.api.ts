import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, Text, Timestamp } from '../common.ts'
import { WEBHOOK_EVENTS } from './webhook-events.ts'

/** Webhook subscriptions of API clients, their deliveries and attempts (Standard Webhooks signing). */

export const WebhookEventSchema = Type.Enum(WEBHOOK_EVENTS)

export const WebhookSubscription = Type.Object({
  id: Id,
  apiClientId: Id,
  url: Type.String(),
  events: Type.Array(WebhookEventSchema),
  description: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: Timestamp,
})
export type WebhookSubscription = Static<typeof WebhookSubscription>
export const WebhookSubscriptionList = Type.Object({ items: Type.Array(WebhookSubscription) })

const WebhookUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500, description: 'https (http only outside production)' })

export const CreateWebhookBody = Type.Object({
  url: WebhookUrl,
  events: Type.Array(WebhookEventSchema, { minItems: 1, uniqueItems: true }),
  description: Type.Optional(Text(200)),
}, { additionalProperties: false })
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

export const UpdateWebhookBody = Type.Object({
  url: Type.Optional(WebhookUrl),
  events: Type.Optional(Type.Array(WebhookEventSchema, { minItems: 1, uniqueItems: true })),
  description: Type.Optional(Nullable(Text(200))),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
}, { additionalProperties: false, minProperties: 1 })
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>

/** The answer that shows the signing secret (whsec_...): only at creation, once. */
export const WebhookWithSecret = Type.Object({ subscription: WebhookSubscription, secret: Type.String() })
export type WebhookWithSecret = Static<typeof WebhookWithSecret>

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const

export const WebhookAttempt = Type.Object({
  id: Id,
  attemptedAt: Timestamp,
  statusCode: Nullable(Type.Integer()),
  responseExcerpt: Nullable(Type.String()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
  replay: Type.Boolean({ description: 'asked for again by staff or the client (a replay)' }),
})
export type WebhookAttempt = Static<typeof WebhookAttempt>

export const WebhookDelivery = Type.Object({
  id: Id,
  messageId: Type.String({ description: 'the webhook-id header: the same on retries and replays' }),
  subscriptionId: Id,
  url: Type.String(),
  eventType: WebhookEventSchema,
  status: Type.Enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
})
export type WebhookDelivery = Static<typeof WebhookDelivery>
export const WebhookDeliveryPage = Page(WebhookDelivery)

export const WebhookDeliveryDetail = Type.Object({
  ...WebhookDelivery.properties,
  payload: Type.Record(Type.String(), Type.Unknown()),
  attemptLog: Type.Array(WebhookAttempt),
})
export type WebhookDeliveryDetail = Static<typeof WebhookDeliveryDetail>

export const WebhookDeliveryQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  status: Type.Optional(Type.Enum(WEBHOOK_DELIVERY_STATUSES)),
  eventType: Type.Optional(WebhookEventSchema),
}, { additionalProperties: false })
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>

/** Paths: staff's (a chamber's client) and the client's own (/partner/...). */
export const WebhookSubscriptionParams = Type.Object({ chamberId: Id, apiClientId: Id, subscriptionId: Id }, { additionalProperties: false })
export const WebhookDeliveryParams = Type.Object({ chamberId: Id, apiClientId: Id, deliveryId: Id }, { additionalProperties: false })
export const OwnWebhookSubscriptionParams = Type.Object({ subscriptionId: Id }, { additionalProperties: false })
export const OwnWebhookDeliveryParams = Type.Object({ deliveryId: Id }, { additionalProperties: false })
