import { randomBytes, randomUUID } from 'node:crypto'
import type { ApiScope, WebhookEventType } from '@pid/shared'
import type { Db } from '../src/db/database.ts'
import type { Auth, TestContext } from './helpers.ts'

/** Partner API test data: API clients made through the staff route, webhook subscriptions, the deliveries written. */

/** An API client of the organisation, made by a chamber's leader through the staff route, with a token. */
export async function makeApiClient(ctx: TestContext, o: { chamberId: number; partnerId: number; leader: Auth; scopes: ApiScope[]; name?: string })
  : Promise<{ id: number; auth: Auth }> {
  const created = await ctx.http().post(`/api/v1/chambers/${o.chamberId}/api-clients`).set(o.leader)
    .send({ partnerId: o.partnerId, name: o.name ?? `Gestionale ${randomUUID().slice(0, 8)}`, scopes: o.scopes, rateLimitPerMinute: 100_000 })
  if (created.status !== 201) throw new Error(`api client not created: ${created.status} ${JSON.stringify(created.body)}`)
  const token = await ctx.http().post('/api/v1/oauth/token').type('form')
    .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret })
  if (token.status !== 200) throw new Error(`no token: ${token.status} ${JSON.stringify(token.body)}`)
  return { id: created.body.client.id, auth: { authorization: `Bearer ${token.body.access_token}` } }
}

/** An active subscription of the client to some events (written directly: the subscription routes are the webhooks part's). */
export async function subscribe(db: Db, apiClientId: number, events: readonly WebhookEventType[], url = 'https://partner.example/hooks'): Promise<number> {
  const { id } = await db.insertInto('webhook_subscription').values({
    api_client_id: apiClientId, url, events: [...events], secret: `whsec_${randomBytes(24).toString('base64')}`,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The deliveries of a subscription for one event type, oldest first, with their `data`. */
export async function deliveriesOf(db: Db, subscriptionId: number, type: WebhookEventType): Promise<{ id: number; data: Record<string, unknown> }[]> {
  const rows = await db.selectFrom('webhook_delivery').select(['id', 'payload']).where('subscription_id', '=', subscriptionId)
    .where('event_type', '=', type).orderBy('id').execute()
  return rows.map((r) => {
    const payload = r.payload as { type?: string; data?: Record<string, unknown> }
    if (payload.type !== type) throw new Error(`delivery ${r.id} of ${type} carries type ${payload.type}`)
    return { id: r.id, data: payload.data ?? {} }
  })
}
