import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { chamberId, createTestContext, type TestContext } from '../../../test/helpers.ts'
import { userAuth, type Auth } from '../../../test/actors.ts'
import { fakeVat, makeAgreement, makePartner } from '../../../test/crm-factories.ts'

/**
 * The "done when", over HTTP only: a partner's system gets a token, registers a firm
 * (and retries the same request safely), is referred the firm by the chamber and hears of it by a
 * signed webhook, answers and sends the feedback sheet, is refused a stale update, and reaches its
 * rate limit. Staff act through the API too (they create the client and the referral).
 */
let ctx: TestContext
let receiver: Server
let hookUrl: string
const hooks: { headers: IncomingHttpHeaders; body: string }[] = []
let milano: number
let leader: Auth
let partnerId: number
let client: { id: number; clientId: string; secret: string }

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString('utf8') })
    req.on('end', () => { hooks.push({ headers: req.headers, body }); res.writeHead(204).end() })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pid`
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  leader = await userAuth(ctx, 'digital_leader', milano)
  partnerId = await makePartner(ctx.db, 'CNA Milano')
  await makeAgreement(ctx.db, partnerId, milano)
  const created = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set(leader)
    .send({ partnerId, name: 'Gestionale CNA', scopes: ['firms:read', 'firms:write', 'referrals', 'feedback', 'webhooks'], rateLimitPerMinute: 40 }).expect(201)
  client = { id: created.body.client.id, clientId: created.body.client.clientId, secret: created.body.clientSecret }
})
afterAll(async () => {
  await ctx.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

describe('a partner system, end to end over HTTP', () => {
  it('token, firm, idempotent retry, referral webhook, feedback, stale update, rate limit', async () => {
    // 1. Token (client credentials, HTTP Basic).
    const tokenRes = await ctx.http().post('/api/v1/oauth/token').auth(client.clientId, client.secret).type('form')
      .send({ grant_type: 'client_credentials' }).expect(200)
    const auth = { authorization: `Bearer ${tokenRes.body.access_token as string}` }

    // 2. Subscribe to referrals (the client's own subscription; the secret is shown once).
    const sub = await ctx.http().post('/api/v1/partner/webhooks').set(auth)
      .send({ url: hookUrl, events: ['referral.created'] }).expect(201)
    const verifier = new Webhook(sub.body.secret as string)

    // 3. Register a firm, with an Idempotency-Key; the network drops the answer and the system retries.
    const taxCode = fakeVat()
    const firm = { name: 'Officina Meccanica Brambilla S.r.l.', taxCode, provinceCode: 'MI' }
    const key = `cna-firm-${taxCode}`
    const first = await ctx.http().post(`/api/v1/chambers/${milano}/firms`).set(auth).set('idempotency-key', key).send(firm).expect(201)
    const retry = await ctx.http().post(`/api/v1/chambers/${milano}/firms`).set(auth).set('idempotency-key', key).send(firm).expect(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    const rows = await ctx.db.selectFrom('firm').select('id').where('tax_code', '=', firm.taxCode).execute()
    expect(rows).toHaveLength(1)
    const other = await ctx.http().post(`/api/v1/chambers/${milano}/firms`).set(auth).set('idempotency-key', key).send({ ...firm, name: 'Altro nome' }).expect(422)
    expect(other.body.code).toBe('idempotency_key_reused')
    const firmId = first.body.id as number

    // 4. The chamber refers the firm to the partner: the partner hears of it by a signed webhook.
    const referral = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firmId}/referrals`).set(leader)
      .send({ partnerId, need: 'Sito di e-commerce e pagamenti elettronici', dueOn: '2099-01-31' }).expect(201)
    await ctx.app.jobs.drain()
    expect(hooks).toHaveLength(1)
    const event = verifier.verify(hooks[0]!.body, hooks[0]!.headers as Record<string, string>) as { type: string; data: { referralId: number } }
    expect(event.type).toBe('referral.created')
    expect(event.data.referralId).toBe(referral.body.id)
    expect(hooks[0]!.headers['webhook-id']).toMatch(/^msg_/)

    // 5. The partner accepts, starts and sends the feedback sheet.
    const referralId = referral.body.id as number
    await ctx.http().post(`/api/v1/chambers/${milano}/referrals/${referralId}/response`).set(auth).send({ accept: true }).expect(200)
    await ctx.http().post(`/api/v1/chambers/${milano}/referrals/${referralId}/start`).set(auth).expect(200)
    await ctx.http().post(`/api/v1/chambers/${milano}/referrals/${referralId}/feedback`).set(auth)
      .send({ outcome: 'solved', servicesDelivered: ['Analisi dei bisogni', 'Avvio del negozio online'], followUp: '' }).expect(200)
    const done = await ctx.http().get(`/api/v1/chambers/${milano}/referrals/${referralId}`).set(auth).expect(200)
    expect(done.body.status).toBe('completed')

    // 6. A stale update is refused: someone else changed the firm after the partner read it.
    const read = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${firmId}`).set(auth).expect(200)
    const etag = read.headers.etag as string
    expect(etag).toBeTruthy()
    await ctx.http().patch(`/api/v1/chambers/${milano}/firms/${firmId}`).set(leader).send({ website: 'https://brambilla.example' }).expect(200)
    const stale = await ctx.http().patch(`/api/v1/chambers/${milano}/firms/${firmId}`).set(auth).set('if-match', etag).send({ employees: 12 }).expect(412)
    expect(stale.body.code).toBe('precondition_failed')
    const fresh = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${firmId}`).set(auth).expect(200)
    expect(fresh.body.employees).toBeNull()
    await ctx.http().patch(`/api/v1/chambers/${milano}/firms/${firmId}`).set(auth).set('if-match', fresh.headers.etag as string).send({ employees: 12 }).expect(200)

    // 7. The rate limit (40 a minute): the answers count down, then 429 with Retry-After.
    let limited: Awaited<ReturnType<ReturnType<TestContext['http']>['get']>> | undefined
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await ctx.http().get('/api/v1/partner/me').set(auth)
      if (res.status === 429) limited = res
      else expect(Number(res.headers['ratelimit-remaining'])).toBeGreaterThanOrEqual(0)
    }
    expect(limited).toBeDefined()
    expect(limited!.headers['content-type']).toMatch(/problem\+json/)
    expect(limited!.body.code).toBe('rate_limited')
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited!.headers['ratelimit-limit']).toBe('40')
    expect(limited!.headers['x-ratelimit-limit']).toBe('40')
  })
})
