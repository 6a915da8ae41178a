import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { api, dueInAMonth, refer, referralWorld, type ReferralWorld } from './referral-fixtures.ts'

/**
 * What a partner user sees, end to end with the real access helper: only the firms its organisation
 * registered, was referred or has the firm's consent for; only its organisation's referrals; and
 * nothing at all once the organisation's agreement with the chamber has ended.
 */
let ctx: TestContext
let w: ReferralWorld
let referred: number, registered: number, consented: number, unrelated: number, referredToB: number
let referralA: number, referralB: number
beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  w = await referralWorld(ctx)
  referred = (await makeFirm(ctx.db)).id
  registered = (await makeFirm(ctx.db, { registered_by_partner_id: w.orgA })).id
  consented = (await makeFirm(ctx.db)).id
  unrelated = (await makeFirm(ctx.db)).id
  referredToB = (await makeFirm(ctx.db)).id
  referralA = (await refer(ctx, w, referred, w.orgA)).id
  await refer(ctx, w, referred, w.orgB) // the same firm also referred to B: A must not see B's referral
  referralB = (await refer(ctx, w, referredToB, w.orgB)).id
  await ctx.http().post(api(`/chambers/${w.milano}/firms/${consented}/partner-consents`)).set(w.leader)
    .send({ partnerId: w.orgA, source: 'modulo di consenso firmato allo sportello' }).expect(201)
})
afterAll(async () => { await ctx.close() })

const firmReferrals = (firmId: number) => ctx.http().get(api(`/chambers/${w.milano}/firms/${firmId}/referrals`)).set(w.partner)

describe('partner visibility', () => {
  it('sees the firms referred to it, registered by it or consented, and 404 on every other', async () => {
    const own = (await firmReferrals(referred).expect(200)).body.items
    expect(own.map((r: { id: number }) => r.id)).toEqual([referralA])
    expect((await firmReferrals(registered).expect(200)).body.items).toEqual([])
    expect((await firmReferrals(consented).expect(200)).body.items).toEqual([])
    for (const firmId of [unrelated, referredToB, 999999]) {
      expect((await firmReferrals(firmId).expect(404)).body.code).toBe('not_found')
    }
    // Staff see every referral of the firm.
    const staff = (await ctx.http().get(api(`/chambers/${w.milano}/firms/${referred}/referrals`)).set(w.promoter).expect(200)).body.items
    expect(staff).toHaveLength(2)
  })

  it("lists only its organisation's referrals, whatever filter it sends", async () => {
    const mine = (await ctx.http().get(api(`/chambers/${w.milano}/referrals`)).set(w.partner).expect(200)).body.items
    expect(mine.map((r: { id: number }) => r.id)).toEqual([referralA])
    const asking = (await ctx.http().get(api(`/chambers/${w.milano}/referrals?partnerId=${w.orgB}`)).set(w.partner).expect(200)).body.items
    expect(asking).toEqual([])
    await ctx.http().get(api(`/chambers/${w.milano}/referrals/${referralB}`)).set(w.partner).expect(404)
    const staff = (await ctx.http().get(api(`/chambers/${w.milano}/referrals?partnerId=${w.orgB}`)).set(w.promoter).expect(200)).body.items
    expect(staff.map((r: { id: number }) => r.id)).toContain(referralB)
  })

  it("cannot answer, start or complete another organisation's referral", async () => {
    const base = api(`/chambers/${w.milano}/referrals/${referralB}`)
    await ctx.http().post(`${base}/response`).set(w.partner).send({ accept: true }).expect(404)
    await ctx.http().post(`${base}/start`).set(w.partner).expect(404)
    await ctx.http().post(`${base}/feedback`).set(w.partner).send({ outcome: 'solved', servicesDelivered: [], followUp: '' }).expect(404)
    const untouched = await ctx.db.selectFrom('referral').select('status').where('id', '=', referralB).executeTakeFirstOrThrow()
    expect(untouched.status).toBe('sent')
  })

  it('sees only its own consent, and may not record consents', async () => {
    const consents = (await ctx.http().get(api(`/chambers/${w.milano}/firms/${consented}/partner-consents`)).set(w.partner).expect(200)).body.items
    expect(consents).toEqual([expect.objectContaining({ partnerId: w.orgA, active: true })])
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${referred}/partner-consents`)).set(w.partner)
      .send({ partnerId: w.orgA, source: 'telefono' }).expect(403)
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${unrelated}/partner-consents`)).set(w.partner)
      .send({ partnerId: w.orgA, source: 'telefono' }).expect(404)
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${consented}/partner-consents`)).set(w.leader)
      .send({ partnerId: w.orgA, source: 'di nuovo' }).expect(409)
  })

  it('loses sight of the firm when the consent is withdrawn, and regains it when granted again', async () => {
    const withdraw = api(`/chambers/${w.milano}/firms/${consented}/partner-consents/${w.orgA}/withdraw`)
    const res = await ctx.http().post(withdraw).set(w.leader).expect(200)
    expect(res.body).toMatchObject({ active: false, withdrawnAt: expect.any(String) })
    await ctx.http().post(withdraw).set(w.leader).expect(409)
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${consented}/partner-consents/${w.orgB}/withdraw`)).set(w.leader).expect(404)
    await firmReferrals(consented).expect(404)
    await ctx.http().post(api(`/chambers/${w.milano}/firms/${consented}/partner-consents`)).set(w.leader)
      .send({ partnerId: w.orgA, source: 'nuovo modulo firmato' }).expect(201)
    await firmReferrals(consented).expect(200)
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'firm')
      .where('entity_id', '=', String(consented)).where('action', 'like', 'crm.partner_consent.%').orderBy('id').execute()
    expect(audits.map((a) => a.action)).toEqual(['crm.partner_consent.granted', 'crm.partner_consent.withdrawn', 'crm.partner_consent.granted'])
  })

  it('gets 403 everywhere in the chamber once its agreement has ended; staff can no longer refer to it', async () => {
    await ctx.http().patch(api(`/chambers/${w.milano}/partner-agreements/${w.agreementA}`)).set(w.leader)
      .send({ validTo: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10) }).expect(200)
    await ctx.http().get(api(`/chambers/${w.milano}/referrals`)).set(w.partner).expect(403)
    await firmReferrals(referred).expect(403)
    await ctx.http().post(api(`/chambers/${w.milano}/referrals/${referralA}/response`)).set(w.partner).send({ accept: true }).expect(403)
    const refused = await ctx.http().post(api(`/chambers/${w.milano}/firms/${unrelated}/referrals`)).set(w.promoter)
      .send({ partnerId: w.orgA, need: 'Cloud', dueOn: dueInAMonth() }).expect(400)
    expect(refused.body.errors[0].path).toBe('/partnerId')
  })
})
