import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicCall, SubmissionReceipt, VoucherCall } from '@pid/shared'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { completeDraft, firmWithDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'

let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => {
  ({ ctx, milano, leader } = await voucherTestContext(100_000_000))
})
afterAll(async () => { await ctx.close() })

/** n firms with complete drafts (5,000 EUR each), submitted one after the other; their answers. */
async function submitInOrder(callId: number, firms: { id: number }[] | number): Promise<{ auth: Auth; app: SubmissionReceipt }[]> {
  const list = typeof firms === 'number' ? await Promise.all(Array.from({ length: firms }, () => makeFirm(ctx.db))) : firms
  const out: { auth: Auth; app: SubmissionReceipt }[] = []
  for (const f of list) {
    const d = await firmWithDraft(ctx, callId, completeDraft(), f)
    const res = await ctx.http().post(`/api/v1/firm/vouchers/applications/${d.applicationId}/submit`).set(d.auth)
    if (res.status !== 200) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`)
    out.push({ auth: d.auth, app: res.body })
  }
  return out
}
const view = async (id: number) => (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls/${id}`).set(leader).expect(200)).body as VoucherCall
const publicPage = async (id: number) => (await ctx.http().get(`/api/v1/public/vouchers/calls/${id}`).expect(200)).body as PublicCall
const statusOf = async (id: number) => (await ctx.db.selectFrom('voucher_application').select(['status', 'held_cents']).where('id', '=', id).executeTakeFirstOrThrow())
const withdraw = (s: { auth: Auth; app: SubmissionReceipt }) =>
  ctx.http().post(`/api/v1/firm/vouchers/applications/${s.app.id}/withdraw`).set(s.auth).send({ reason: 'rinuncia' })

describe('first come first served: the reserve list', () => {
  it('funds until the envelope is held, queues the rest, closes for exhausted funds and admits the next on a withdrawal', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_000_000 })
    const [a, b, r1, r2] = await submitInOrder(c.id, 4)
    expect([a, b, r1, r2].map((s) => s!.app.status)).toEqual(['funded', 'funded', 'reserve', 'reserve'])
    expect((await view(c.id))).toMatchObject({ status: 'closed_exhausted', phase: 'closed_exhausted',
      figures: { reservedCents: 1_000_000, availableCents: 0, reserveCount: 2 } })
    expect(await publicPage(c.id)).toMatchObject({ exhausted: true, availableCents: 0, phase: 'closed_exhausted', reserveCount: 2 })

    await withdraw(a!).expect(200)
    expect(await statusOf(a!.app.id)).toEqual({ status: 'withdrawn', held_cents: 0 })
    expect(await statusOf(r1!.app.id)).toEqual({ status: 'funded', held_cents: 500_000 })
    expect(await statusOf(r2!.app.id)).toEqual({ status: 'reserve', held_cents: 0 })
    // Why it is funded now is the platform's, as a code the screens word; the firm's reason for withdrawing stays its own words.
    const reasons = await ctx.db.selectFrom('voucher_application').select(['id', 'status_reason', 'status_reason_detail']).where('id', 'in', [a!.app.id, r1!.app.id]).orderBy('id').execute()
    expect(reasons.map(({ status_reason, status_reason_detail }) => ({ status_reason, status_reason_detail }))).toEqual([
      { status_reason: 'rinuncia', status_reason_detail: null },
      { status_reason: null, status_reason_detail: { code: 'reserve_admitted', params: {} } }])
    const admitted = await ctx.db.selectFrom('timeline_event').select('type').where('firm_id', '=', r1!.app.firmId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(admitted.type).toBe('voucher_admitted')
    expect((await view(c.id)).figures).toMatchObject({ reservedCents: 1_000_000, reserveCount: 1 })

    // The last firm waiting withdraws, then a funded one: money frees up, nobody waits: the call reopens.
    await withdraw(r2!).expect(200)
    // Without a reason of its own, the withdrawal says who withdrew, as a code.
    await ctx.http().post(`/api/v1/firm/vouchers/applications/${b!.app.id}/withdraw`).set(b!.auth).send({}).expect(200)
    expect(await ctx.db.selectFrom('voucher_application').select(['status_reason', 'status_reason_detail']).where('id', '=', b!.app.id).executeTakeFirstOrThrow())
      .toEqual({ status_reason: null, status_reason_detail: { code: 'withdrawn_by_applicant', params: {} } })
    expect(await view(c.id)).toMatchObject({ status: 'published', phase: 'open', figures: { reservedCents: 500_000, reserveCount: 0 } })
    expect((await publicPage(c.id)).exhausted).toBe(false)
    // Withdrawing twice, or a draft, is refused.
    expect((await withdraw(b!)).status).toBe(409)
  })

  it('gives the last funded firm the remainder when the call allows it, and tops it up first when money frees', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_200_000, allowRemainder: true })
    const [a, , last, waiting] = await submitInOrder(c.id, 4)
    expect(last!.app).toMatchObject({ status: 'funded', requestedCents: 500_000, heldCents: 200_000 })
    expect(waiting!.app.status).toBe('reserve')
    expect((await view(c.id)).figures.availableCents).toBe(0)
    await withdraw(a!).expect(200)
    // 500,000 freed: 300,000 complete the remainder, the next 200,000 go to the firm waiting (as its remainder).
    expect(await statusOf(last!.app.id)).toEqual({ status: 'funded', held_cents: 500_000 })
    expect(await statusOf(waiting!.app.id)).toEqual({ status: 'funded', held_cents: 200_000 })
  })

  it('keeps a quota for micro firms and hands what it did not use to the general pool at the closing instant', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_600_000,
      quotas: [{ code: 'micro', label: { it: 'Riserva micro imprese' }, sharePm: 334, sizeClasses: ['micro'], atecoPrefixes: [] }] })
    const small = await Promise.all([1, 2, 3].map(() => makeFirm(ctx.db, { size_class: 'small', employees: 20 })))
    const micro = await makeFirm(ctx.db, { size_class: 'micro' })
    const [s1, s2, s3] = await submitInOrder(c.id, small)
    const [m] = await submitInOrder(c.id, [micro])
    expect([s1, s2, s3, m].map((x) => [x!.app.status, x!.app.quotaCode])).toEqual([['funded', null], ['funded', null], ['reserve', null], ['funded', 'micro']])
    // 33.4% of 16,000 = 5,344 kept for micro firms; the general pool had 10,656 for the three small firms.
    expect((await view(c.id)).quotas).toEqual([expect.objectContaining({ code: 'micro', sizeCents: 534_400, usedCents: 500_000, availableCents: 34_400 })])

    // The window closes: the job moves the quota's unused 344 to the general pool (1,000 in all: not enough for s3).
    await ctx.db.updateTable('voucher_call').set({ opens_at: new Date(Date.now() - 7200_000), closes_at: new Date(Date.now() - 1000) }).where('id', '=', c.id).execute()
    await ctx.app.jobs.bringForward('vouchers.call-closing', { callId: c.id })
    await ctx.app.jobs.drain()
    const closed = await view(c.id)
    expect(closed.quotas[0]).toMatchObject({ sizeCents: 500_000, availableCents: 0 })
    expect(closed.figures.generalAvailableCents).toBe(100_000)
    // The micro firm withdraws: its quota money is general now, and the small firm waiting gets it.
    await withdraw(m!).expect(200)
    expect(await statusOf(s3!.app.id)).toEqual({ status: 'funded', held_cents: 500_000 })
  })

  it('closes to submissions once the reserve list is full, when the call limits it', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000, reserveLimit: 1 })
    await submitInOrder(c.id, 2)
    const late = await firmWithDraft(ctx, c.id)
    const res = await ctx.http().post(`/api/v1/firm/vouchers/applications/${late.applicationId}/submit`).set(late.auth)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ code: 'voucher_call_not_open', detail: 'closed for exhausted funds: the reserve list is full' })
    expect((await view(c.id)).figures).toMatchObject({ lastProtocol: 2, reserveCount: 1 })
  })

  it('moves the reserve list when the evaluation refuses or reduces a funded application (the seam for part 2)', async () => {
    const { AllocationService } = await import('./allocation.service.ts')
    const { systemContext } = await import('../../core/audit.ts')
    const allocation = new AllocationService({ db: ctx.db, crm: ctx.app.crm, webhooks: ctx.app.webhooks })
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_000_000, allowRemainder: true })
    const [a, b, r] = await submitInOrder(c.id, 3)
    expect(r!.app.status).toBe('reserve')
    // b is reduced to 3,000: 2,000 frees up, r gets it as its remainder.
    await ctx.db.transaction().execute((tx) => allocation.release(tx, systemContext('test'), b!.app.id, { heldCents: 300_000, reason: 'spese non ammissibili in parte' }))
    expect(await statusOf(b!.app.id)).toEqual({ status: 'funded', held_cents: 300_000 })
    expect(await statusOf(r!.app.id)).toEqual({ status: 'funded', held_cents: 200_000 })
    // a is refused: its 5,000 complete r's grant first; 2,000 stay available.
    await ctx.db.transaction().execute((tx) => allocation.release(tx, systemContext('test'), a!.app.id, { status: 'not_admitted', reason: 'DURC irregolare' }))
    expect(await statusOf(a!.app.id)).toEqual({ status: 'not_admitted', held_cents: 0 })
    expect(await statusOf(r!.app.id)).toEqual({ status: 'funded', held_cents: 500_000 })
    expect((await view(c.id)).figures).toMatchObject({ reservedCents: 800_000, availableCents: 200_000, reserveCount: 0 })
    expect((await view(c.id)).status).toBe('published')
  })

  it('never lets the database hold more than the envelope, whatever the code asks', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000 })
    await expect(ctx.db.updateTable('voucher_call').set({ reserved_cents: 500_001 }).where('id', '=', c.id).execute()).rejects.toThrow(/voucher_call_envelope/)
  })
})
