import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicCall, VoucherCall } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from '../../../test/helpers.ts'
import { BUDGET_YEAR, callBody, makeVoucherBudget, publishedCall } from '../../../test/voucher-factories.ts'

let ctx: TestContext
let milano: number, bergamo: number
let leader: Auth, coordinator: Auth, promoter: Auth, region: Auth
const api = (path: string, chamber = milano) => `/api/v1/chambers/${chamber}/vouchers${path}`

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  await makeVoucherBudget(ctx.db, milano, 20_000_000)
  leader = await demoAuth(ctx, 'leader@pid.example')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  region = await demoAuth(ctx, 'regione@pid.example')
})
afterAll(async () => { await ctx.close() })

const voucherLine = async () => (await ctx.db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
  .select(['l.planned_cents', 'l.committed_cents']).where('p.chamber_id', '=', milano).where('p.year', '=', BUDGET_YEAR)
  .where('l.category', '=', 'vouchers').executeTakeFirstOrThrow())

describe('voucher calls', () => {
  it('creates a draft, edits it freely, refuses inconsistent terms naming the field', async () => {
    const created = (await ctx.http().post(api('/calls')).set(coordinator).send(callBody({ code: 'VD-2026-A' })).expect(201)).body as VoucherCall
    expect(created).toMatchObject({ status: 'draft', phase: 'draft', code: 'VD-2026-A', figures: { envelopeCents: 5_000_000, availableCents: 5_000_000 } })
    const edited = (await ctx.http().patch(api(`/calls/${created.id}`)).set(coordinator).send({ envelopeCents: 6_000_000 }).expect(200)).body
    expect(edited.envelopeCents).toBe(6_000_000)

    const bad = await ctx.http().patch(api(`/calls/${created.id}`)).set(coordinator)
      .send({ closesAt: '2020-01-01T00:00:00Z', quotas: [{ code: 'micro', label: { it: 'Micro' }, sharePm: 1200, sizeClasses: ['micro'], atecoPrefixes: [] }] })
    expect(bad.status).toBe(400)
    const sameCode = await ctx.http().post(api('/calls')).set(coordinator).send(callBody({ code: 'VD-2026-A' }))
    expect(sameCode.status).toBe(409)
    const quotas = await ctx.http().post(api('/calls')).set(coordinator).send(callBody({
      quotas: [{ code: 'micro', label: { it: 'Micro' }, sharePm: 700, sizeClasses: ['micro'], atecoPrefixes: [] },
        { code: 'micro', label: { it: 'Micro' }, sharePm: 400, sizeClasses: ['micro'], atecoPrefixes: [] }],
    }))
    expect(quotas.status).toBe(400)
    expect(quotas.body.errors.map((e: { path: string }) => e.path)).toEqual(['/quotas/1/code', '/quotas'])
    // Each rule names its code and the values it found, for the editor to say why (the English message stays for API consumers).
    expect(quotas.body.errors).toMatchObject([{ code: 'code_twice', params: { code: 'micro' } }, { code: 'quotas_over_envelope', params: { percent: 110 } }])
    const closesEarly = await ctx.http().patch(api(`/calls/${created.id}`)).set(coordinator).send({ closesAt: '2020-01-01T00:00:00Z' }).expect(400)
    expect(closesEarly.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/closesAt', code: 'closes_before_opens' })]))
    const unranked = await ctx.http().post(api('/calls')).set(coordinator).send(callBody({ allocation: 'ranking', rankingCriteria: [],
      reportingDeadline: '2020-01-01', quotas: [{ code: 'q', label: { it: 'Q' }, sharePm: 100, sizeClasses: [], atecoPrefixes: [] }] })).expect(400)
    expect(unranked.body.errors).toMatchObject([{ path: '/reportingDeadline', code: 'reporting_before_close', params: { closesDate: expect.any(String) } },
      { path: '/quotas/0', code: 'quota_unbounded' }, { path: '/rankingCriteria', code: 'ranking_without_criteria' }])
    // A draft is not public.
    await ctx.http().get(`/api/v1/public/vouchers/calls/${created.id}`).expect(404)
  })

  it("publishes by committing the envelope on the budget's voucher line, and refuses what the line cannot cover", async () => {
    const before = await voucherLine()
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: 4_000_000 })
    const after = await voucherLine()
    expect(after.committed_cents - before.committed_cents).toBe(4_000_000)
    const posting = await ctx.db.selectFrom('budget_posting').select(['kind', 'amount_cents', 'source_module', 'source_ref'])
      .where('source_ref', '=', `call:${call.id}`).executeTakeFirstOrThrow()
    expect(posting).toEqual({ kind: 'commit', amount_cents: 4_000_000, source_module: 'vouchers', source_ref: `call:${call.id}` })

    const available = after.planned_cents - after.committed_cents
    const big = (await ctx.http().post(api('/calls')).set(leader).send(callBody({ envelopeCents: available + 1 })).expect(201)).body
    const refused = await ctx.http().post(api(`/calls/${big.id}/publish`)).set(leader)
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'budget_exceeded', errors: [{ path: '/envelopeCents', message: `available: ${available}` }] })
    expect(refused.body.detail).toContain(`${(available / 100).toFixed(2)} EUR available`)
    expect((await voucherLine()).committed_cents).toBe(after.committed_cents)
    expect((await ctx.http().get(api(`/calls/${big.id}`)).set(leader).expect(200)).body.status).toBe('draft')

    // A year without a plan has nothing to commit.
    const noPlan = (await ctx.http().post(api('/calls')).set(leader).send(callBody({ budgetYear: 2031 })).expect(201)).body
    expect((await ctx.http().post(api(`/calls/${noPlan.id}/publish`)).set(leader)).body.code).toBe('budget_exceeded')
  })

  it('freezes the terms of a published call but lets its texts change; only drafts are deleted', async () => {
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: 1_000_000 })
    const frozen = await ctx.http().patch(api(`/calls/${call.id}`)).set(leader).send({ envelopeCents: 2_000_000, title: { it: 'Nuovo titolo' } })
    expect(frozen.status).toBe(409)
    expect(frozen.body.code).toBe('voucher_call_frozen')
    expect(frozen.body.errors).toEqual([{ path: '/envelopeCents', message: 'frozen once published', code: 'frozen_once_published' }])
    const texts = await ctx.http().patch(api(`/calls/${call.id}`)).set(leader).send({ title: { it: 'Voucher digitali 2026' } }).expect(200)
    expect(texts.body.title).toEqual({ it: 'Voucher digitali 2026' })
    expect((await ctx.http().delete(api(`/calls/${call.id}`)).set(leader)).status).toBe(409)
    expect((await ctx.http().post(api(`/calls/${call.id}/publish`)).set(leader)).status).toBe(409)
    const draft = (await ctx.http().post(api('/calls')).set(leader).send(callBody()).expect(201)).body
    await ctx.http().delete(api(`/calls/${draft.id}`)).set(leader).expect(204)
    await ctx.http().get(api(`/calls/${draft.id}`)).set(leader).expect(404)
  })

  it('follows the clock: scheduled, open, closed; the public page needs no sign-in', async () => {
    const soon = new Date(Date.now() + 3600_000).toISOString()
    const later = new Date(Date.now() + 7200_000).toISOString()
    const scheduled = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000, opensAt: soon, closesAt: later })
    const page = (await ctx.http().get(`/api/v1/public/vouchers/calls/${scheduled.id}`).expect(200)).body as PublicCall
    expect(page).toMatchObject({ phase: 'scheduled', availableCents: 500_000, exhausted: false, chamber: { id: milano } })
    const open = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000 })
    expect((await ctx.http().get(`/api/v1/public/vouchers/calls/${open.id}`).expect(200)).body.phase).toBe('open')
    // Closing instants are compared on the database's clock: move this one into the past.
    await ctx.db.updateTable('voucher_call').set({ opens_at: new Date(Date.now() - 7200_000), closes_at: new Date(Date.now() - 1000) }).where('id', '=', open.id).execute()
    expect((await ctx.http().get(`/api/v1/public/vouchers/calls/${open.id}`).expect(200)).body.phase).toBe('closed')
    const list = (await ctx.http().get(`/api/v1/public/chambers/${milano}/vouchers/calls`).expect(200)).body.items as PublicCall[]
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([scheduled.id, open.id]))
    expect(list.every((c) => c.phase !== 'draft')).toBe(true)
  })

  it('lets promoters and the region read, never write; other chambers see nothing', async () => {
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: 300_000 })
    await ctx.http().get(api(`/calls/${call.id}`)).set(promoter).expect(200)
    await ctx.http().get(api(`/calls/${call.id}`)).set(region).expect(200)
    await ctx.http().get(api('/calls')).set(region).expect(200)
    expect((await ctx.http().post(api('/calls')).set(promoter).send(callBody())).status).toBe(403)
    expect((await ctx.http().post(api('/calls')).set(region).send(callBody())).status).toBe(403)
    expect((await ctx.http().patch(api(`/calls/${call.id}`)).set(region).send({ title: { it: 'x' } })).status).toBe(403)
    // Bergamo's staff would not reach Milano; and Milano's call is not Bergamo's.
    expect((await ctx.http().get(api(`/calls/${call.id}`, bergamo)).set(region)).status).toBe(404)
    expect((await ctx.http().get(api(`/calls/${call.id}`, bergamo)).set(leader)).status).toBe(403)
  })
})
