import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { auditEntries, userAuth, type Auth } from '../../../../test/actors.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { DELIVERY_QUEUE } from './emitter.ts'
import { WebhookSender } from './sender.ts'
import { RETRY_SCHEDULE_SECONDS } from './schedule.ts'

/**
 * Webhooks end to end: real HTTP to the API, real PostgreSQL, and a local receiver (node:http)
 * the deliveries are POSTed to. Time is moved by making a delivery and its waiting job due now.
 */
let ctx: TestContext
let receiver: Server
let receiverUrl: string
/** What the receiver got, per path, and the statuses it answers next (200 when none is queued). */
const received = new Map<string, { headers: IncomingHttpHeaders; body: string }[]>()
const answers = new Map<string, number[]>()

let milano: number, bergamo: number
let leader: Auth, bergamoLeader: Auth, leaderId: number
let orgA: number, orgB: number, orgBergamo: number
const client = { a1: 0, a2: 0, b: 0, bergamo: 0 }
const token = { a1: '', a2: '', b: '', bergamo: '' }

const api = (path: string) => `/api/v1${path}`
const bearerOf = (t: string) => ({ authorization: `Bearer ${t}` })
const got = (path: string) => received.get(path) ?? []

async function makeClient(chamberId: number, auth: Auth, partnerId: number, name: string): Promise<{ id: number; token: string }> {
  const created = await ctx.http().post(api(`/chambers/${chamberId}/api-clients`)).set(auth)
    .send({ partnerId, name, scopes: ['webhooks', 'firms:read'], rateLimitPerMinute: 100_000 }).expect(201)
  const t = await ctx.http().post(api('/oauth/token')).type('form')
    .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret }).expect(200)
  return { id: created.body.client.id, token: t.body.access_token }
}

/** A subscription made by the chamber's staff; returns its id and signing secret. */
async function subscribe(clientId: number, path: string, events: string[], chamberId = milano, auth = leader): Promise<{ id: number; secret: string }> {
  const res = await ctx.http().post(api(`/chambers/${chamberId}/api-clients/${clientId}/webhooks`)).set(auth)
    .send({ url: `${receiverUrl}${path}`, events }).expect(201)
  return { id: res.body.subscription.id, secret: res.body.secret }
}

const deliveriesOf = (subscriptionId: number) =>
  ctx.db.selectFrom('webhook_delivery').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id').execute()

/** Moves time for one delivery: its next attempt and the job waiting for it are due now. */
async function makeDue(deliveryId: number): Promise<void> {
  await ctx.db.updateTable('webhook_delivery').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', deliveryId).execute()
  await ctx.app.jobs.bringForward(DELIVERY_QUEUE, { deliveryId })
}

const emit = (event: Parameters<TestContext['app']['webhooks']['emit']>[1]) =>
  ctx.db.transaction().execute((tx) => ctx.app.webhooks.emit(tx, event))

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString('utf8') })
    req.on('end', () => {
      const path = req.url ?? '/'
      received.set(path, [...got(path), { headers: req.headers, body }])
      const status = answers.get(path)?.shift() ?? 200
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `refused ${'x'.repeat(2000)}`)
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`

  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  const chamberOf = async (province: string) => (await ctx.db.selectFrom('chamber_province').select('chamber_id')
    .where('province_code', '=', province).where('valid_to', 'is', null).executeTakeFirstOrThrow()).chamber_id
  milano = await chamberOf('MI')
  bergamo = await chamberOf('BG')
  const { userId, ...auth } = await userAuth(ctx, 'digital_leader', milano)
  leader = auth
  leaderId = userId
  bergamoLeader = await userAuth(ctx, 'digital_leader', bergamo)
  orgA = await makePartner(ctx.db, 'Associazione A')
  orgB = await makePartner(ctx.db, 'Associazione B')
  orgBergamo = await makePartner(ctx.db, 'Associazione di Bergamo')
  await makeAgreement(ctx.db, orgA, milano)
  await makeAgreement(ctx.db, orgB, milano)
  await makeAgreement(ctx.db, orgBergamo, bergamo)
  for (const [key, chamber, auth, org] of [['a1', milano, leader, orgA], ['a2', milano, leader, orgA], ['b', milano, leader, orgB], ['bergamo', bergamo, bergamoLeader, orgBergamo]] as const) {
    const made = await makeClient(chamber, auth, org, `Gestionale ${key}`)
    client[key] = made.id
    token[key] = made.token
  }
})
afterAll(async () => {
  await ctx.close()
  await new Promise((resolve) => receiver.close(resolve))
})

describe('webhook subscriptions', () => {
  it('staff create one (201, the whsec_ secret once), list, change and delete it, each audited', async () => {
    const created = await ctx.http().post(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks`)).set(leader)
      .send({ url: `${receiverUrl}/tmp`, events: ['referral.created'], description: 'CRM interno' }).expect(201)
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/)
    const id = created.body.subscription.id
    const list = await ctx.http().get(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks`)).set(leader).expect(200)
    expect(list.body.items).toEqual([expect.objectContaining({ id, url: `${receiverUrl}/tmp`, events: ['referral.created'], status: 'active' })])
    expect(JSON.stringify(list.body)).not.toContain('whsec_')
    const changed = await ctx.http().patch(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks/${id}`)).set(leader)
      .send({ status: 'disabled', events: ['referral.created', 'referral.overdue'] }).expect(200)
    expect(changed.body).toMatchObject({ status: 'disabled', events: ['referral.created', 'referral.overdue'] })
    await ctx.http().delete(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks/${id}`)).set(leader).expect(204)
    await ctx.http().patch(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks/${id}`)).set(leader).send({ status: 'active' }).expect(404)
    for (const action of ['partner_api.webhook.created', 'partner_api.webhook.updated', 'partner_api.webhook.deleted']) {
      const entries = (await auditEntries(ctx, action)).filter((e) => e.entity_id === String(id))
      expect(entries, action).toHaveLength(1)
      expect(JSON.stringify(entries[0]!.after ?? entries[0]!.before)).not.toContain('whsec_')
    }
  })

  it('a client manages its own under /partner/webhooks; staff of a chamber its organisation has no agreement with get 404', async () => {
    const own = await ctx.http().post(api('/partner/webhooks')).set(bearerOf(token.b))
      .send({ url: `${receiverUrl}/own`, events: ['ping'] }).expect(201)
    const list = await ctx.http().get(api('/partner/webhooks')).set(bearerOf(token.b)).expect(200)
    expect(list.body.items.map((s: { id: number }) => s.id)).toEqual([own.body.subscription.id])
    // Another client of another organisation does not reach it.
    await ctx.http().patch(api(`/partner/webhooks/${own.body.subscription.id}`)).set(bearerOf(token.a1)).send({ status: 'disabled' }).expect(404)
    await ctx.http().delete(api(`/partner/webhooks/${own.body.subscription.id}`)).set(bearerOf(token.a1)).expect(404)
    await ctx.http().get(api(`/chambers/${bergamo}/api-clients/${client.b}/webhooks`)).set(bergamoLeader).expect(404)
    await ctx.http().post(api(`/chambers/${bergamo}/api-clients/${client.b}/webhooks`)).set(bergamoLeader)
      .send({ url: `${receiverUrl}/x`, events: ['ping'] }).expect(404)
    await ctx.http().delete(api(`/partner/webhooks/${own.body.subscription.id}`)).set(bearerOf(token.b)).expect(204)
  })

  it('refuses http URLs under the production configuration, at subscription and at sending', async () => {
    const sub = await subscribe(client.a2, '/plain-http', ['referral.created'])
    await emit({ type: 'referral.created', chamberId: milano, partnerIds: [orgA], data: { referralId: 1 } })
    const config = ctx.app.config as { env: string }
    config.env = 'production'
    try {
      const refused = await ctx.http().post(api(`/chambers/${milano}/api-clients/${client.a2}/webhooks`)).set(leader)
        .send({ url: `${receiverUrl}/plain-http`, events: ['ping'] }).expect(400)
      expect(refused.body.code).toBe('webhook_url_not_allowed')
      await ctx.http().patch(api(`/partner/webhooks/${sub.id}`)).set(bearerOf(token.a2)).send({ url: 'http://example.org/hook' }).expect(400)
      await ctx.app.jobs.drain()
    } finally {
      config.env = 'test'
    }
    expect(got('/plain-http')).toEqual([])
    const [delivery] = await deliveriesOf(sub.id)
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_error: 'webhooks are sent to https URLs only' })
    await ctx.http().delete(api(`/partner/webhooks/${sub.id}`)).set(bearerOf(token.a2)).expect(204)
  })
})

describe('deliveries', () => {
  it('exist only when the change commits: an emit in a rolled-back transaction leaves neither delivery nor job', async () => {
    const sub = await subscribe(client.a1, '/rollback', ['referral.overdue'])
    await expect(ctx.db.transaction().execute(async (tx) => {
      await ctx.app.webhooks.emit(tx, { type: 'referral.overdue', chamberId: milano, partnerIds: [orgA], data: { referralId: 7 } })
      throw new Error('change refused')
    })).rejects.toThrow('change refused')
    expect(await deliveriesOf(sub.id)).toEqual([])
    await ctx.app.jobs.drain()
    expect(got('/rollback')).toEqual([])
    await emit({ type: 'referral.overdue', chamberId: milano, partnerIds: [orgA], data: { referralId: 8 } })
    expect(await deliveriesOf(sub.id)).toHaveLength(1)
    await ctx.app.jobs.drain()
    expect(got('/rollback').map((r) => JSON.parse(r.body).data)).toEqual([{ referralId: 8 }])
  })

  it('are signed the Standard Webhooks way: the receiver verifies them with the subscription secret', async () => {
    const sub = await subscribe(client.a1, '/signed', ['application.status_changed'])
    await emit({ type: 'application.status_changed', chamberId: milano, partnerIds: [orgA], data: { applicationId: 3, status: 'granted' } })
    await ctx.app.jobs.drain()
    const [req] = got('/signed')
    expect(req!.headers['webhook-id']).toMatch(/^msg_/)
    expect(req!.headers['webhook-signature']).toMatch(/^v1,/)
    const verified = new Webhook(sub.secret).verify(req!.body, req!.headers as Record<string, string>)
    expect(verified).toMatchObject({ type: 'application.status_changed', data: { applicationId: 3, status: 'granted' } })
    expect(() => new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(req!.body, req!.headers as Record<string, string>)).toThrow()
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 })
  })

  it('go to the organisations related to the firm with an agreement in force with its chamber, subscribed to the type', async () => {
    const a = await subscribe(client.a1, '/firm-a', ['assessment.completed'])
    const aOtherType = await subscribe(client.a2, '/firm-a-other', ['referral.created'])
    const b = await subscribe(client.b, '/firm-b', ['assessment.completed'])
    const other = await subscribe(client.bergamo, '/firm-bergamo', ['assessment.completed'], bergamo, bergamoLeader)
    // A registered the firm (Milano); the Bergamo organisation has its consent but no agreement with Milano; B is unrelated.
    const firm = await makeFirm(ctx.db, { registered_by_partner_id: orgA })
    await ctx.db.insertInto('firm_partner_consent').values({ firm_id: firm.id, partner_id: orgBergamo, source: 'modulo' } as never).execute()
    await emit({ type: 'assessment.completed', chamberId: milano, firmId: firm.id, data: { firmId: firm.id, level: 3 } })
    expect(await deliveriesOf(a.id)).toHaveLength(1)
    for (const s of [aOtherType, b, other]) expect(await deliveriesOf(s.id)).toEqual([])
    // A disabled subscription, or a revoked client, hears of nothing.
    await ctx.http().patch(api(`/partner/webhooks/${a.id}`)).set(bearerOf(token.a1)).send({ status: 'disabled' }).expect(200)
    await emit({ type: 'assessment.completed', chamberId: milano, firmId: firm.id, data: { firmId: firm.id, level: 4 } })
    expect(await deliveriesOf(a.id)).toHaveLength(1)
    await ctx.http().patch(api(`/partner/webhooks/${a.id}`)).set(bearerOf(token.a1)).send({ status: 'active' }).expect(200)
    await ctx.app.jobs.drain()
  })

  it('a receiver answering 500 gets the delivery again on the schedule, same webhook-id, every attempt logged', async () => {
    const sub = await subscribe(client.a1, '/flaky', ['referral.created'])
    answers.set('/flaky', [500])
    await emit({ type: 'referral.created', chamberId: milano, partnerIds: [orgA], data: { referralId: 11 } })
    await ctx.app.jobs.drain()
    const [first] = await deliveriesOf(sub.id)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 })
    const wait = new Date(first!.next_attempt_at!).getTime() - Date.now()
    expect(wait).toBeGreaterThan((RETRY_SCHEDULE_SECONDS[0] - 5) * 1000)
    expect(wait).toBeLessThanOrEqual(RETRY_SCHEDULE_SECONDS[0] * 1000)
    // Not due yet: draining sends nothing.
    await ctx.app.jobs.drain()
    expect(got('/flaky')).toHaveLength(1)
    await makeDue(first!.id)
    await ctx.app.jobs.drain()
    expect(got('/flaky')).toHaveLength(2)
    expect(new Set(got('/flaky').map((r) => r.headers['webhook-id']))).toEqual(new Set([first!.message_id]))
    const detail = await ctx.http().get(api(`/partner/webhook-deliveries/${first!.id}`)).set(bearerOf(token.a1)).expect(200)
    expect(detail.body).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, nextAttemptAt: null, payload: { type: 'referral.created', data: { referralId: 11 } } })
    expect(detail.body.attemptLog).toMatchObject([
      { statusCode: 500, error: 'HTTP 500', replay: false },
      { statusCode: 200, responseExcerpt: 'ok', error: null, replay: false },
    ])
    expect(detail.body.attemptLog[0].responseExcerpt).toHaveLength(1000)
  })

  it('a receiver that never accepts makes the delivery failed after the last step of the schedule', async () => {
    const sub = await subscribe(client.a1, '/down', ['referral.created'])
    answers.set('/down', Array(RETRY_SCHEDULE_SECONDS.length + 1).fill(503))
    await emit({ type: 'referral.created', chamberId: milano, partnerIds: [orgA], data: { referralId: 12 } })
    const [delivery] = await deliveriesOf(sub.id)
    for (let attempt = 1; attempt <= RETRY_SCHEDULE_SECONDS.length + 1; attempt++) {
      await makeDue(delivery!.id)
      await ctx.app.jobs.drain()
    }
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'failed', attempts: RETRY_SCHEDULE_SECONDS.length + 1, next_attempt_at: null })
    expect(await ctx.app.jobs.pending(DELIVERY_QUEUE, { deliveryId: delivery!.id })).toEqual([])
  })

  it('one attempt however many times its job runs at once', async () => {
    const sub = await subscribe(client.a1, '/once', ['referral.created'])
    await emit({ type: 'referral.created', chamberId: milano, partnerIds: [orgA], data: { referralId: 13 } })
    const [delivery] = await deliveriesOf(sub.id)
    const sender = new WebhookSender(ctx.app)
    await Promise.all([1, 2, 3].map(() => sender.deliver({ deliveryId: delivery!.id })))
    await ctx.app.jobs.drain()
    expect(got('/once')).toHaveLength(1)
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('replay sends the delivery again now with the same webhook-id, audited, the attempt marked as a replay', async () => {
    const sub = await subscribe(client.a1, '/replay', ['referral.created'])
    await emit({ type: 'referral.created', chamberId: milano, partnerIds: [orgA], data: { referralId: 14 } })
    await ctx.app.jobs.drain()
    const [delivery] = await deliveriesOf(sub.id)
    const res = await ctx.http().post(api(`/chambers/${milano}/api-clients/${client.a1}/webhook-deliveries/${delivery!.id}/replay`)).set(leader).expect(202)
    expect(res.body).toMatchObject({ id: delivery!.id, status: 'pending', messageId: delivery!.message_id })
    await ctx.app.jobs.drain()
    await ctx.http().post(api(`/partner/webhook-deliveries/${delivery!.id}/replay`)).set(bearerOf(token.a1)).expect(202)
    await ctx.app.jobs.drain()
    expect(got('/replay').map((r) => r.headers['webhook-id'])).toEqual([delivery!.message_id, delivery!.message_id, delivery!.message_id])
    const attempts = await ctx.db.selectFrom('webhook_attempt').select('replayed_by').where('delivery_id', '=', delivery!.id).orderBy('id').execute()
    const serviceUser = (await ctx.db.selectFrom('api_client').select('service_user_id').where('id', '=', client.a1).executeTakeFirstOrThrow()).service_user_id
    expect(attempts.map((a) => a.replayed_by)).toEqual([null, leaderId, serviceUser])
    expect((await auditEntries(ctx, 'partner_api.delivery.replayed')).filter((e) => e.entity_id === String(delivery!.id))).toHaveLength(2)
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 3 })
  })

  it('ping sends a ping event to one subscription now (201)', async () => {
    const sub = await subscribe(client.a1, '/ping', ['referral.created'])
    const res = await ctx.http().post(api(`/partner/webhooks/${sub.id}/ping`)).set(bearerOf(token.a1)).expect(201)
    expect(res.body).toMatchObject({ subscriptionId: sub.id, eventType: 'ping', status: 'pending' })
    await ctx.app.jobs.drain()
    expect(JSON.parse(got('/ping')[0]!.body)).toMatchObject({ type: 'ping', data: { subscriptionId: sub.id } })
  })

  it('a client sees only its own deliveries; staff see those of a client their chamber reaches; pages newest first, filtered', async () => {
    const a1Deliveries = (await ctx.http().get(api('/partner/webhook-deliveries?limit=200')).set(bearerOf(token.a1)).expect(200)).body.items as { id: number; eventType: string; status: string }[]
    expect(a1Deliveries.length).toBeGreaterThan(5)
    const ids = a1Deliveries.map((d) => d.id)
    expect(ids).toEqual([...ids].sort((x, y) => y - x))
    const mine = await ctx.db.selectFrom('webhook_delivery as d').innerJoin('webhook_subscription as s', 's.id', 'd.subscription_id')
      .select('d.id').where('s.api_client_id', '=', client.a1).execute()
    expect(new Set(ids)).toEqual(new Set(mine.map((r) => r.id)))
    for (const t of [token.a2, token.b]) {
      const theirs = (await ctx.http().get(api('/partner/webhook-deliveries')).set(bearerOf(t)).expect(200)).body.items as { id: number }[]
      expect(theirs.filter((d) => ids.includes(d.id))).toEqual([])
      await ctx.http().get(api(`/partner/webhook-deliveries/${ids[0]}`)).set(bearerOf(t)).expect(404)
      await ctx.http().post(api(`/partner/webhook-deliveries/${ids[0]}/replay`)).set(bearerOf(t)).expect(404)
    }
    await ctx.http().get(api(`/chambers/${bergamo}/api-clients/${client.a1}/webhook-deliveries/${ids[0]}`)).set(bergamoLeader).expect(404)
    await ctx.http().get(api(`/chambers/${milano}/api-clients/${client.a2}/webhook-deliveries/${ids[0]}`)).set(leader).expect(404)

    const firstPage = await ctx.http().get(api(`/chambers/${milano}/api-clients/${client.a1}/webhook-deliveries?limit=2`)).set(leader).expect(200)
    expect(firstPage.body.items.map((d: { id: number }) => d.id)).toEqual(ids.slice(0, 2))
    const next = await ctx.http().get(api(`/chambers/${milano}/api-clients/${client.a1}/webhook-deliveries?limit=2&cursor=${firstPage.body.nextCursor}`)).set(leader).expect(200)
    expect(next.body.items.map((d: { id: number }) => d.id)).toEqual(ids.slice(2, 4))
    const failed = await ctx.http().get(api(`/chambers/${milano}/api-clients/${client.a1}/webhook-deliveries?status=failed&eventType=referral.created`)).set(leader).expect(200)
    expect(failed.body.items.map((d: { id: number }) => d.id)).toEqual(a1Deliveries.filter((d) => d.status === 'failed' && d.eventType === 'referral.created').map((d) => d.id))
    expect(failed.body.items.length).toBeGreaterThan(0)
    await ctx.http().get(api(`/partner/webhook-deliveries?cursor=abc`)).set(bearerOf(token.a1)).expect(400)
  })

  it('a client token without the webhooks scope is refused (403 insufficient_scope)', async () => {
    const created = await ctx.http().post(api(`/chambers/${milano}/api-clients`)).set(leader)
      .send({ partnerId: orgA, name: 'Solo lettura', scopes: ['firms:read'] }).expect(201)
    const t = await ctx.http().post(api('/oauth/token')).type('form')
      .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret }).expect(200)
    const res = await ctx.http().get(api('/partner/webhooks')).set(bearerOf(t.body.access_token)).expect(403)
    expect(res.body.code).toBe('insufficient_scope')
  })
})
