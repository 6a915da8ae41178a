import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RouteGuard } from '@pid/shared'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ApiClientParams, CreateWebhookBody, OwnWebhookDeliveryParams, OwnWebhookSubscriptionParams, UpdateWebhookBody,
  WebhookDelivery, WebhookDeliveryDetail, WebhookDeliveryPage, WebhookDeliveryParams, WebhookDeliveryQuery,
  WebhookSubscription, WebhookSubscriptionList, WebhookSubscriptionParams, WebhookWithSecret,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { ApiClientsService } from '../clients/clients.service.ts'
import { DeliveriesService } from './deliveries.service.ts'
import { DELIVERY_QUEUE } from './emitter.ts'
import type { Owner } from './rows.ts'
import { WebhookSender, type DeliveryJob } from './sender.ts'
import { SubscriptionsService } from './subscriptions.service.ts'

const tags = ['partner API: webhooks']
const read = guarded('partner_api.read')
const manage = guarded('partner_api.manage')
const own = { guard: { apiClient: 'webhooks' as const } }
const none = { 204: { type: 'null' } } as const

/**
 * Webhook subscriptions, the delivery log and replay: the chamber's staff for the clients of the
 * organisations it has an agreement with (/chambers/:chamberId/api-clients/:apiClientId/...), and
 * each client for itself (/partner/...). Also declares the delivery queue and its sender.
 */
export default async function webhooksRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const sender = new WebhookSender(app)
  app.jobs.work(DELIVERY_QUEUE, (payload) => sender.deliver(payload as unknown as DeliveryJob), { expireInSeconds: 60 })
  app.jobs.onStarted(() => sender.requeuePending())

  const clients = new ApiClientsService(app)
  const subscriptions = new SubscriptionsService(app)
  const deliveries = new DeliveriesService(app)

  /** The staff's client, if their chamber reaches it (404 otherwise). */
  const staffOwner = async (p: { chamberId: number; apiClientId: number }): Promise<Owner> => {
    await clients.row(app.db, p.chamberId, p.apiClientId)
    return { clientId: p.apiClientId, chamberId: p.chamberId }
  }
  const clientOwner = (req: Pick<FastifyRequest, 'actor'>): Owner => ({ clientId: req.actor!.client!.id, chamberId: null })

  const staff = '/chambers/:chamberId/api-clients/:apiClientId'
  for (const side of ['staff', 'client'] as const) {
    const base = side === 'staff' ? staff : '/partner'
    const who = side === 'staff' ? "A chamber's client: " : 'The calling client: '
    const guards: Record<'read' | 'manage', { guard: RouteGuard }> = side === 'staff' ? { read, manage } : { read: own, manage: own }
    const owner = (req: { params: unknown } & Pick<FastifyRequest, 'actor'>) =>
      side === 'staff' ? staffOwner(req.params as { chamberId: number; apiClientId: number }) : Promise.resolve(clientOwner(req))
    const subParams = side === 'staff' ? WebhookSubscriptionParams : OwnWebhookSubscriptionParams
    const deliveryParams = side === 'staff' ? WebhookDeliveryParams : OwnWebhookDeliveryParams
    const listParams = side === 'staff' ? { params: ApiClientParams } : {}

    app.get(`${base}/webhooks`, {
      schema: { tags, summary: `${who}webhook subscriptions`, ...listParams, response: { 200: WebhookSubscriptionList, 400: problem, ...denied, 404: problem } },
      config: guards.read,
    }, async (req) => subscriptions.list(await owner(req)))

    app.post(`${base}/webhooks`, {
      schema: { tags, summary: `${who}subscribe a URL to events; the signing secret (whsec_...) is shown once`, ...listParams, body: CreateWebhookBody,
        response: { 201: WebhookWithSecret, 400: problem, ...denied, 404: problem } },
      config: guards.manage,
    }, async (req, reply) => reply.code(201).send(await subscriptions.create(await owner(req), req.body, auditContext(req))))

    app.patch(`${base}/webhooks/:subscriptionId`, {
      schema: { tags, summary: `${who}change a subscription's URL, events, description or status`, params: subParams, body: UpdateWebhookBody,
        response: { 200: WebhookSubscription, 400: problem, ...denied, 404: problem } },
      config: guards.manage,
    }, async (req) => subscriptions.update(await owner(req), req.params.subscriptionId, req.body, auditContext(req)))

    app.delete(`${base}/webhooks/:subscriptionId`, {
      schema: { tags, summary: `${who}delete a subscription and its delivery log`, params: subParams,
        response: { ...none, 400: problem, ...denied, 404: problem } },
      config: guards.manage,
    }, async (req, reply) => {
      await subscriptions.remove(await owner(req), req.params.subscriptionId, auditContext(req))
      return reply.code(204).send(null)
    })

    app.post(`${base}/webhooks/:subscriptionId/ping`, {
      schema: { tags, summary: `${who}send a \`ping\` event to the subscription now, to test the endpoint`, params: subParams,
        response: { 201: WebhookDelivery, 400: problem, ...denied, 404: problem } },
      config: guards.manage,
    }, async (req, reply) => reply.code(201).send(await subscriptions.ping(await owner(req), req.params.subscriptionId)))

    app.get(`${base}/webhook-deliveries`, {
      schema: { tags, summary: `${who}deliveries, newest first, by status and event type`, ...listParams, querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryPage, 400: problem, ...denied, 404: problem } },
      config: guards.read,
    }, async (req) => deliveries.list(await owner(req), req.query))

    app.get(`${base}/webhook-deliveries/:deliveryId`, {
      schema: { tags, summary: `${who}a delivery with its payload and every attempt`, params: deliveryParams,
        response: { 200: WebhookDeliveryDetail, 400: problem, ...denied, 404: problem } },
      config: guards.read,
    }, async (req) => deliveries.get(await owner(req), req.params.deliveryId))

    app.post(`${base}/webhook-deliveries/:deliveryId/replay`, {
      schema: { tags, summary: `${who}send a delivery again now, with the same webhook-id`, params: deliveryParams,
        response: { 202: WebhookDelivery, 400: problem, ...denied, 404: problem } },
      config: guards.manage,
    }, async (req, reply) => reply.code(202).send(await deliveries.replay(await owner(req), req.params.deliveryId, auditContext(req))))
  }
}
