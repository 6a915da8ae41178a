import type {
  ApiClient, ApiClientQuery, ApiClientWithSecret, ApiUsage, CreateApiClientBody, CreateWebhookBody, PageOf, UpdateApiClientBody,
  UpdateWebhookBody, WebhookDelivery, WebhookDeliveryDetail, WebhookDeliveryQuery, WebhookSubscription, WebhookWithSecret,
} from '@pid/shared'
import { request, type ClientQuery } from '../../app/api/http'

const clients = (chamberId: number) => `/chambers/${chamberId}/api-clients`
const client = (chamberId: number, apiClientId: number) => `${clients(chamberId)}/${apiClientId}`

/** The chamber's staff on partners' API clients: list, create (secret once), edit, rotate (secret once), revoke, usage. */
export const apiClientsApi = {
  list: (chamberId: number, q: ClientQuery<ApiClientQuery>) => request<PageOf<ApiClient>>(clients(chamberId), { query: { ...q } }),
  get: (chamberId: number, id: number) => request<ApiClient>(client(chamberId, id)),
  create: (chamberId: number, body: CreateApiClientBody) => request<ApiClientWithSecret>(clients(chamberId), { method: 'POST', body }),
  update: (chamberId: number, id: number, body: UpdateApiClientBody) => request<ApiClient>(client(chamberId, id), { method: 'PATCH', body }),
  rotate: (chamberId: number, id: number, overlapHours: number) =>
    request<ApiClientWithSecret>(`${client(chamberId, id)}/rotate-secret`, { method: 'POST', body: { overlapHours } }),
  revoke: (chamberId: number, id: number) => request<ApiClient>(`${client(chamberId, id)}/revoke`, { method: 'POST', body: {} }),
  usage: (chamberId: number, id: number, days: number) => request<ApiUsage>(`${client(chamberId, id)}/usage`, { query: { days } }),
}

/** A client's webhook subscriptions (the signing secret once, at creation), its delivery log and replays. */
export const webhooksApi = {
  list: (chamberId: number, id: number) => request<{ items: WebhookSubscription[] }>(`${client(chamberId, id)}/webhooks`),
  create: (chamberId: number, id: number, body: CreateWebhookBody) =>
    request<WebhookWithSecret>(`${client(chamberId, id)}/webhooks`, { method: 'POST', body }),
  update: (chamberId: number, id: number, subscriptionId: number, body: UpdateWebhookBody) =>
    request<WebhookSubscription>(`${client(chamberId, id)}/webhooks/${subscriptionId}`, { method: 'PATCH', body }),
  remove: (chamberId: number, id: number, subscriptionId: number) =>
    request<void>(`${client(chamberId, id)}/webhooks/${subscriptionId}`, { method: 'DELETE' }),
  /** Queues a `ping` delivery to the subscription's address (it then shows in the log). */
  ping: (chamberId: number, id: number, subscriptionId: number) =>
    request<unknown>(`${client(chamberId, id)}/webhooks/${subscriptionId}/ping`, { method: 'POST', body: {} }),
  deliveries: (chamberId: number, id: number, q: ClientQuery<WebhookDeliveryQuery>) =>
    request<PageOf<WebhookDelivery>>(`${client(chamberId, id)}/webhook-deliveries`, { query: { ...q } }),
  delivery: (chamberId: number, id: number, deliveryId: number) =>
    request<WebhookDeliveryDetail>(`${client(chamberId, id)}/webhook-deliveries/${deliveryId}`),
  /** Sends the delivery again (202: queued), with the same message id so the receiver can drop a duplicate. */
  replay: (chamberId: number, id: number, deliveryId: number) =>
    request<unknown>(`${client(chamberId, id)}/webhook-deliveries/${deliveryId}/replay`, { method: 'POST', body: {} }),
}
