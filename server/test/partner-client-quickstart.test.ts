import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SCOPES } from '@pid/shared'
import { main, type QuickstartConfig } from '../../partner-client/examples/quickstart.ts'
import { makeAgreement, makeFirm, makePartner } from './crm-factories.ts'
import { chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from './helpers.ts'

/**
 * The partner client's quickstart (partner-client/examples/quickstart.ts) run as a partner would
 * run it, against the real app over HTTP: the staff of Milano give a partner organisation an API
 * client with every scope and refer a firm to it; the example does the rest with the client's
 * credentials only.
 */
describe('the partner client quickstart, end to end', () => {
  let ctx: TestContext
  let milano: number
  let partnerId: number
  let leader: Auth
  let config: QuickstartConfig

  /** A referral of a new Milano firm to the partner, as the chamber's staff make it. */
  async function referAFirm(): Promise<number> {
    const firm = await makeFirm(ctx.db, { chamber_id: milano })
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firm.id}/referrals`).set(leader)
      .send({ partnerId, need: 'Un sito di e-commerce', dueOn: '2099-12-31' }).expect(201)
    return res.body.id
  }

  beforeAll(async () => {
    ctx = await createTestContext()
    milano = await chamberId(ctx.db, 'Milano')
    partnerId = await makePartner(ctx.db, 'Confartigianato Quickstart')
    await makeAgreement(ctx.db, partnerId, milano)
    leader = { authorization: `Bearer ${(await login(ctx, (await makeUser(ctx.db, 'digital_leader', { chamberId: milano })).email)).token}` }
    const created = await ctx.http().post(`/api/v1/chambers/${milano}/api-clients`).set(leader)
      .send({ partnerId, name: 'Gestionale associazione', scopes: API_SCOPES }).expect(201)
    const { port } = ctx.app.server.address() as AddressInfo
    config = {
      baseUrl: `http://127.0.0.1:${port}`, clientId: created.body.client.clientId, clientSecret: created.body.clientSecret, chamberId: milano,
    }
  })
  afterAll(async () => { await ctx?.close() })

  it('gets a token, registers a firm the partner then sees, and sends a referral\'s feedback sheet', async () => {
    const referralId = await referAFirm()
    const outcome = await main(config, () => {})

    expect([...outcome.scopes].sort()).toEqual([...API_SCOPES].sort())
    // The firm is the partner's: registered by it, and in the chamber's records for the staff too.
    const firm = await ctx.http().get(`/api/v1/chambers/${milano}/firms/${outcome.firm.id}`).set(leader).expect(200)
    expect(firm.body).toMatchObject({ name: outcome.firm.name, taxCode: outcome.firm.taxCode, registeredByPartnerId: partnerId })
    // The feedback sheet completed the referral the chamber made.
    expect(outcome.referral).toEqual({ id: referralId, status: 'completed' })
    const referral = await ctx.http().get(`/api/v1/chambers/${milano}/referrals/${referralId}`).set(leader).expect(200)
    expect(referral.body).toMatchObject({ status: 'completed', feedback: { outcome: 'solved', followUp: 'A follow-up call in three months.' } })
    expect(referral.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(expect.arrayContaining(['sent', 'accepted', 'completed']))
    // Every call the example made was the API client's, with its token.
    const client = await ctx.db.selectFrom('api_client').select('last_token_at').where('client_id', '=', config.clientId).executeTakeFirstOrThrow()
    expect(client.last_token_at).not.toBeNull()
  })

  it('subscribes a local receiver, triggers a ping and verifies the signed delivery', async () => {
    await referAFirm()
    // Deliveries go out through the job queue, as in production: this process polls it.
    await ctx.app.jobs.startWorkers()
    const outcome = await main({ ...config, webhookPort: 0, webhookWaitMs: 30_000 }, () => {})

    expect(outcome.webhook).toMatchObject({ type: 'ping', webhookId: expect.any(String), timestamp: expect.any(String) })
    // The example unsubscribes when it is done.
    const left = await ctx.db.selectFrom('webhook_subscription').select('id').execute()
    expect(left).toEqual([])
  })
})
