import type { paths, Problem, WebhookEventType } from '../src/index.ts'

/*
 * The client's own webhook routes (POST /api/v1/partner/webhooks, .../{subscriptionId}/ping,
 * DELETE .../{subscriptionId}), written out as openapi-typescript would, for as long as the
 * package's schema.d.ts was generated from a document without them. Once it has them,
 * `PathsWithWebhooks` is the generated `paths` itself and this file can go.
 */

type NoParameters = { query?: never; header?: never; path?: never; cookie?: never }
type SubscriptionParameters = { query?: never; header?: never; path: { subscriptionId: number }; cookie?: never }
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } }
type Refusals = { 400: Json<Problem>; 401: Json<Problem>; 403: Json<Problem>; 404: Json<Problem> }

interface WebhookSubscription {
  id: number
  apiClientId: number
  url: string
  events: WebhookEventType[]
  description: string | null
  status: 'active' | 'disabled'
  createdAt: string
}

interface WebhookDelivery {
  id: number
  messageId: string
  subscriptionId: number
  eventType: WebhookEventType
  status: 'pending' | 'delivered' | 'failed'
  [more: string]: unknown
}

interface OwnWebhookRoutes {
  '/api/v1/partner/webhooks': {
    parameters: NoParameters
    post: {
      parameters: NoParameters
      requestBody: { content: { 'application/json': { url: string; events: WebhookEventType[]; description?: string } } }
      responses: { 201: Json<{ subscription: WebhookSubscription; secret: string }> } & Refusals
    }
  }
  '/api/v1/partner/webhooks/{subscriptionId}': {
    parameters: SubscriptionParameters
    delete: {
      parameters: SubscriptionParameters
      requestBody?: never
      responses: { 204: { headers: { [name: string]: unknown }; content?: never } } & Refusals
    }
  }
  '/api/v1/partner/webhooks/{subscriptionId}/ping': {
    parameters: SubscriptionParameters
    post: {
      parameters: SubscriptionParameters
      requestBody?: never
      responses: { 201: Json<WebhookDelivery> } & Refusals
    }
  }
}

export type PathsWithWebhooks = '/api/v1/partner/webhooks' extends keyof paths ? paths : paths & OwnWebhookRoutes
