import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdmissibilityView, ApplicationEvaluation, VoucherCall } from '@pid/shared'
import { demoAuth, type Auth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { completeDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, callUrl, decide, grant, recordAdmissibility, submitted } from '../../../test/voucher-eval-helpers.ts'

let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth, promoter: Auth

beforeAll(async () => {
  ({ ctx, milano, leader, coordinator } = await voucherTestContext(100_000_000))
  promoter = await demoAuth(ctx, 'promotore@pid.example')
})
afterAll(async () => { await ctx.close() })

const row = (id: number) => ctx.db.selectFrom('voucher_application').select(['status', 'held_cents', 'granted_cents', 'status_reason', 'cor_code', 'admissible'])
  .where('id', '=', id).executeTakeFirstOrThrow()
const callView = async (id: number) => (await ctx.http().get(callUrl(milano, id)).set(leader).expect(200)).body as VoucherCall
/** Rows written anywhere that a refused request must not have written. */
const footprint = async () => {
  const n = async (t: 'audit_log' | 'mail_outbox' | 'timeline_event' | 'voucher_admissibility') =>
    Number((await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return [await n('audit_log'), await n('mail_outbox'), await n('timeline_event'), await n('voucher_admissibility')]
}

describe('admissibility checklist', () => {
  it('proposes each check from what the system knows and records the coordinator\'s checklist; a bad checklist writes nothing', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const a = await submitted(ctx, c.id)
    const view = (await ctx.http().get(`${appUrl(milano, a.applicationId)}/admissibility`).set(coordinator).expect(200)).body as AdmissibilityView
    expect(view.applicable).toEqual(['documents', 'declarations', 'eligibility', 'annual_fee', 'de_minimis'])
    expect(view.proposed.map((p) => [p.code, p.outcome])).toEqual([['documents', 'pass'], ['declarations', 'pass'], ['eligibility', 'pass'],
      ['annual_fee', 'verify'], ['de_minimis', 'pass']])
    // What the system found comes as codes and parameters (amounts in cents) for the client to word.
    expect(view.proposed.find((p) => p.code === 'declarations')!.details).toEqual([{ code: 'declarations_complete', params: {} }])
    expect(view.proposed.find((p) => p.code === 'de_minimis')!.details).toEqual([{ code: 'de_minimis_room',
      params: expect.objectContaining({ roomCents: expect.any(Number), requestedCents: expect.any(Number), ceilingCents: expect.any(Number) }) }])
    expect(view.proposed.find((p) => p.code === 'eligibility')!.details.map((d) => d.code)).toContain('size_class')
    expect(view.recorded).toBeNull()

    // The firm ceased meanwhile: re-checked on today's register, eligibility now fails.
    await ctx.db.updateTable('firm').set({ status: 'ceased' }).where('id', '=', a.firmId).execute()
    const again = (await ctx.http().get(`${appUrl(milano, a.applicationId)}/admissibility`).set(coordinator).expect(200)).body as AdmissibilityView
    expect(again.proposed.find((p) => p.code === 'eligibility')).toMatchObject({ outcome: 'fail', details: [{ code: 'register_status', params: { status: 'ceased' } }] })

    const before = await footprint()
    const url = `${appUrl(milano, a.applicationId)}/admissibility`
    const allPass = view.proposed.map((p) => ({ code: p.code, outcome: 'pass' as const }))
    // Passing what the system found failed needs a note; a missing check and a fail without a note are refused too.
    const override = await ctx.http().put(url).set(coordinator).send({ checks: allPass })
    expect(override.status).toBe(400)
    expect(override.body.errors).toEqual([{ path: '/checks/2/note', message: "the system found 'fail': a different outcome needs a note", code: 'note_for_override' }])
    const partial = await ctx.http().put(url).set(coordinator).send({ checks: [{ code: 'documents', outcome: 'fail' }] })
    expect(partial.body.errors.map((e: { path: string }) => e.path)).toEqual(['/checks/0/note', '/checks', '/checks', '/checks', '/checks'])
    // A promoter reads but does not evaluate.
    expect((await ctx.http().put(url).set(promoter).send({ checks: allPass })).status).toBe(403)
    expect(await footprint()).toEqual(before)

    const recorded = await recordAdmissibility(ctx, coordinator, milano, a.applicationId, ['eligibility'])
    expect(recorded.recorded).toMatchObject({ admissible: false, notes: 'istruttoria', recordedBy: { name: expect.any(String) } })
    expect(recorded.recorded!.checks.find((x) => x.code === 'eligibility')).toEqual({ code: 'eligibility', outcome: 'fail', note: 'checked by hand: eligibility' })
    expect(await row(a.applicationId)).toMatchObject({ status: 'funded', admissible: false })
    const events = await ctx.db.selectFrom('timeline_event').select(['type', 'summary']).where('firm_id', '=', a.firmId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(events).toMatchObject({ type: 'voucher_evaluated', summary: expect.stringContaining('non ammissibile') })
    // Not admissible: it cannot be granted; it is refused with the reason, which frees its money.
    expect((await ctx.http().post(`${appUrl(milano, a.applicationId)}/decision`).set(coordinator).send({ outcome: 'granted', corCode: '123' })).status).toBe(409)
    await decide(ctx, coordinator, milano, a.applicationId, { outcome: 'not_admitted', reason: 'impresa cessata' })
    expect(await row(a.applicationId)).toMatchObject({ status: 'not_admitted', held_cents: 0, status_reason: 'impresa cessata' })
    expect((await callView(c.id)).figures).toMatchObject({ reservedCents: 0, grantedCents: 0 })
    // Decided: the checklist can no longer change.
    expect((await ctx.http().put(url).set(coordinator).send({ checks: allPass })).status).toBe(409)
  })
})

describe('decisions on a first-come-first-served call', () => {
  it('grants the money held (with the COR code), a reduction frees money for the reserve list, a refusal more; mails and timeline follow', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 1_000_000, allowRemainder: true })
    const [a, b, r] = [await submitted(ctx, c.id), await submitted(ctx, c.id), await submitted(ctx, c.id)]
    expect((await row(r.applicationId)).status).toBe('reserve')
    await recordAdmissibility(ctx, coordinator, milano, a.applicationId)
    const url = `${appUrl(milano, a.applicationId)}/decision`

    const before = await footprint()
    const refused = await Promise.all([
      ctx.http().post(url).set(coordinator).send({ outcome: 'granted' }),
      ctx.http().post(url).set(coordinator).send({ outcome: 'granted', corCode: '4242', amountCents: 500_001 }),
      ctx.http().post(url).set(coordinator).send({ outcome: 'granted', corCode: '4242', amountCents: 400_000 }),
      ctx.http().post(url).set(coordinator).send({ outcome: 'not_admitted' }),
      ctx.http().post(url).set(coordinator).send({ outcome: 'not_funded' }),
      ctx.http().post(`${appUrl(milano, r.applicationId)}/decision`).set(coordinator).send({ outcome: 'granted', corCode: '1' }),
      ctx.http().post(url).set(coordinator).send({ outcome: 'granted', corCode: 'ABC' }),
      ctx.http().post(url).set(promoter).send({ outcome: 'granted', corCode: '4242' }),
    ])
    expect(refused.map((x) => [x.status, x.body.errors?.[0]?.path ?? null])).toEqual([[400, '/corCode'], [400, '/amountCents'], [400, '/reason'],
      [400, '/reason'], [409, null], [409, null], [400, '/corCode'], [403, null]])
    expect(await footprint()).toEqual(before)

    // Reduced to 4,000 with the reason: 1,000 freed goes to the reserve list as the remainder (allowRemainder).
    const ev = await decide(ctx, coordinator, milano, a.applicationId, { outcome: 'granted', corCode: '4242', amountCents: 400_000, reason: 'spese di consulenza non pertinenti' })
    expect(ev).toMatchObject({ status: 'granted', grantedCents: 400_000, corCode: '4242', carCode: '12345', cup: 'J45F21000010005',
      reason: 'spese di consulenza non pertinenti', decidedBy: { name: expect.any(String) } })
    expect(await row(r.applicationId)).toMatchObject({ status: 'funded', held_cents: 100_000 })
    expect((await callView(c.id)).figures).toMatchObject({ reservedCents: 600_000, grantedCents: 400_000, availableCents: 0 })

    // b is refused: its 5,000 tops the reserve firm up to its full request.
    await decide(ctx, coordinator, milano, b.applicationId, { outcome: 'not_admitted', reason: 'documentazione non conforme' })
    expect(await row(r.applicationId)).toMatchObject({ status: 'funded', held_cents: 500_000 })
    expect((await callView(c.id)).figures).toMatchObject({ reservedCents: 500_000, grantedCents: 400_000, availableCents: 100_000 })
    // Granting the admitted one without an amount takes the money held.
    const g = await grant(ctx, coordinator, milano, r.applicationId)
    expect(g).toMatchObject({ status: 'granted', grantedCents: 500_000, reason: null })

    const mails = await ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).where('subject', 'like', `%${c.code}%`).orderBy('id').execute()
    expect(mails.map((m) => m.to_address)).toEqual(['giulia.neri@example.it', 'giulia.neri@example.it', 'giulia.neri@example.it'])
    expect(mails[0]!.text_body).toContain('concesso per 4000,00 euro (spese di consulenza non pertinenti). Codice COR: 4242')
    expect(mails[1]!.text_body).toContain('non è ammessa. Motivo: documentazione non conforme')
    const timeline = await ctx.db.selectFrom('timeline_event').select(['type', 'details']).where('firm_id', '=', a.firmId).orderBy('id').execute()
    expect(timeline.map((t) => t.type)).toEqual(['voucher', 'voucher_submitted', 'voucher_evaluated', 'voucher_decided'])
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'voucher_application')
      .where('entity_id', '=', String(a.applicationId)).orderBy('id').execute()
    expect(audit.map((x) => x.action)).toEqual(['vouchers.application.created', 'vouchers.application.submitted', 'vouchers.application.admissibility',
      'vouchers.application.granted'])
    // Decided once: a second decision is refused.
    expect((await ctx.http().post(url).set(coordinator).send({ outcome: 'not_admitted', reason: 'x' })).status).toBe(409)
  })

  it('revokes a grant with the reason: the money goes back and the next firm waiting is admitted', async () => {
    const c = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000 })
    const a = await submitted(ctx, c.id)
    const r = await submitted(ctx, c.id, completeDraft(), await makeFirm(ctx.db))
    await grant(ctx, coordinator, milano, a.applicationId)
    expect((await row(r.applicationId)).status).toBe('reserve')
    const bad = await ctx.http().post(`${appUrl(milano, a.applicationId)}/revoke`).set(coordinator).send({ reason: '' })
    expect(bad.status).toBe(400)
    const res = await ctx.http().post(`${appUrl(milano, a.applicationId)}/revoke`).set(coordinator).send({ reason: 'rinuncia al progetto' }).expect(200)
    expect(res.body as ApplicationEvaluation).toMatchObject({ status: 'revoked', reason: 'rinuncia al progetto', revokedAt: expect.any(String) })
    expect(await row(r.applicationId)).toMatchObject({ status: 'funded', held_cents: 500_000 })
    expect((await callView(c.id)).figures).toMatchObject({ grantedCents: 0, reservedCents: 500_000 })
    expect((await ctx.http().post(`${appUrl(milano, a.applicationId)}/revoke`).set(coordinator).send({ reason: 'di nuovo' })).status).toBe(409)
    const last = await ctx.db.selectFrom('timeline_event').select('type').where('firm_id', '=', a.firmId).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(last.type).toBe('voucher_revoked')
  })
})
