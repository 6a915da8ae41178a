import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionReceipt, VoucherApplication } from '@pid/shared'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { answersFor } from '../../../test/assessment-helpers.ts'
import { completeDraft, expense, firmWithDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'

let ctx: TestContext
let milano: number
let leader: Auth
const submit = (auth: Auth, id: number, key?: string) => {
  const req = ctx.http().post(`/api/v1/firm/vouchers/applications/${id}/submit`).set(auth)
  return key ? req.set('idempotency-key', key) : req
}
const call = async (id: number) => (await ctx.db.selectFrom('voucher_call').selectAll().where('id', '=', id).executeTakeFirstOrThrow())

beforeAll(async () => {
  ({ ctx, milano, leader } = await voucherTestContext(100_000_000))
})
afterAll(async () => { await ctx.close() })

describe('submitting an application', () => {
  it('drafts with a live grant preview, then submits: protocol, server instant, funded, receipt, CRM timeline', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const firm = await makeFirm(ctx.db)
    const { auth, applicationId } = await firmWithDraft(ctx, c.id, completeDraft({
      expenses: [expense('consulting', 500_000), expense('technology', 500_000)], declarations: { truthful: true, annualFeePaid: true, legalityRating: true },
    }), firm)
    const draft = (await ctx.http().get(`/api/v1/firm/vouchers/applications/${applicationId}`).set(auth).expect(200)).body as VoucherApplication
    // Consultancy counts up to 30% of 10,000: eligible 8,000, 50% = 4,000, + 250 legality bonus.
    expect(draft).toMatchObject({ status: 'draft', protocol: null, grant: { eligibleCents: 800_000, grantCents: 425_000 } })
    // One application per firm per call: the second names the first.
    const twice = await ctx.http().post(`/api/v1/firm/vouchers/calls/${c.id}/applications`).set(auth).send({})
    expect(twice.status).toBe(409)
    expect(twice.body.detail).toContain(`draft application to this call (id ${applicationId})`)

    const res = await submit(auth, applicationId, 'first-try-0001').expect(200)
    const receipt0 = res.body as SubmissionReceipt
    expect(receipt0).toMatchObject({ id: applicationId, callId: c.id, firmId: firm.id, status: 'funded', protocolNumber: 1, protocol: `${c.code}/000001`,
      requestedCents: 425_000, heldCents: 425_000, deMinimis: { outcome: 'within', reason: null } })
    expect(Date.now() - new Date(receipt0.submittedAt).getTime()).toBeLessThan(60_000)
    // The whole application shows what the submission checked and computed.
    const app = (await ctx.http().get(`/api/v1/firm/vouchers/applications/${applicationId}`).set(auth).expect(200)).body as VoucherApplication
    expect(app).toMatchObject({ status: 'funded', protocol: receipt0.protocol, submittedAt: receipt0.submittedAt, eligibility: { eligible: true },
      deMinimis: { outcome: 'within', roomCents: 30_000_000 }, grant: { grantCents: 425_000 } })
    expect(await call(c.id)).toMatchObject({ reserved_cents: 425_000, last_protocol: 1 })

    const receipt = await ctx.http().get(`/api/v1/firm/vouchers/applications/${applicationId}/receipt.pdf`).set(auth)
      .buffer(true).parse((r, cb) => { const b: Buffer[] = []; r.on('data', (d: Buffer) => b.push(d)); r.on('end', () => cb(null, Buffer.concat(b))) }).expect(200)
    expect(receipt.headers['content-type']).toBe('application/pdf')
    expect((receipt.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
    await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/applications/${applicationId}/receipt.pdf`).set(leader).expect(200)

    const events = await ctx.db.selectFrom('timeline_event').select(['type', 'summary', 'source_module']).where('firm_id', '=', firm.id).orderBy('id').execute()
    expect(events.map((e) => e.type)).toEqual(['voucher', 'voucher_submitted'])
    expect(events[1]!.summary).toContain(`${c.code}/000001`)
    expect((await ctx.db.selectFrom('firm').select('stage').where('id', '=', firm.id).executeTakeFirstOrThrow()).stage).toBe(4)
    expect((await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'vouchers.application.submitted')
      .where('entity_id', '=', String(applicationId)).execute())).toHaveLength(1)

    // A retry with the same key gets the first answer, byte for byte; without a key, a conflict naming the protocol.
    const retry = await submit(auth, applicationId, 'first-try-0001')
    expect(retry.status).toBe(200)
    expect(retry.text).toBe(res.text)
    const again = await submit(auth, applicationId)
    expect(again.status).toBe(409)
    expect(again.body.detail).toContain(`${c.code}/000001`)
    expect((await call(c.id)).last_protocol).toBe(1)
    // A draft cannot change once submitted.
    expect((await ctx.http().patch(`/api/v1/firm/vouchers/applications/${applicationId}`).set(auth).send({ contact: { name: 'X', email: 'x@example.it' } })).status).toBe(409)
  })

  it('refuses an incomplete or ineligible application, or one outside the window, and writes nothing', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const noContact = await firmWithDraft(ctx, c.id, { ...completeDraft(), contact: undefined, expenses: [expense('training', 200_000)] })
    const incomplete = await submit(noContact.auth, noContact.applicationId)
    expect(incomplete.status).toBe(422)
    expect(incomplete.body).toMatchObject({ code: 'voucher_incomplete' })
    expect(incomplete.body.errors.map((e: { path: string }) => e.path)).toEqual(['/contact', '/expenses'])

    const large = await firmWithDraft(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { size_class: 'large', employees: 400 }))
    const ceased = await firmWithDraft(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { status: 'ceased' }))
    const farm = await firmWithDraft(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { ateco_code: '01.13.11', ateco_section: 'A' }))
    const elsewhere = await firmWithDraft(ctx, c.id, completeDraft(), await makeFirm(ctx.db, { province_code: 'BG', chamber_id: milano }))
    const noFee = await firmWithDraft(ctx, c.id, completeDraft({ declarations: { truthful: true } }))
    for (const [f, check] of [[large, 'size_class'], [ceased, 'active'], [farm, 'ateco'], [elsewhere, 'seat'], [noFee, 'annual_fee']] as const) {
      const r = await submit(f.auth, f.applicationId)
      expect(r.status, check).toBe(422)
      expect(r.body.code).toBe('voucher_not_eligible')
      expect(r.body.errors).toEqual([expect.objectContaining({ path: `/eligibility/${check}` })])
    }
    const scheduled = await publishedCall(ctx, leader, milano, { opensAt: new Date(Date.now() + 3600_000).toISOString() })
    const early = await firmWithDraft(ctx, scheduled.id)
    const tooEarly = await submit(early.auth, early.applicationId)
    expect(tooEarly.status).toBe(409)
    expect(tooEarly.body).toMatchObject({ code: 'voucher_call_not_open' })

    expect((await call(c.id)).last_protocol).toBe(0)
    expect((await call(scheduled.id)).last_protocol).toBe(0)
    const statuses = await ctx.db.selectFrom('voucher_application').select('status').where('call_id', 'in', [c.id, scheduled.id]).execute()
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['draft']))
  })

  it('asks the assessment module for a completed self-assessment when the call requires one', async () => {
    const c = await publishedCall(ctx, leader, milano, { eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true,
      activeInRegister: true, atecoExclusions: [], annualFeePaid: false, assessment: { withinMonths: 12 } } })
    const without = await firmWithDraft(ctx, c.id)
    const refused = await submit(without.auth, without.applicationId)
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: '/eligibility/assessment' })])
    // The firm fills its self-assessment through the assessment module's own routes.
    const { firmSession } = await import('../../../test/firm-access-helpers.ts')
    const self = { authorization: `Bearer ${await firmSession(ctx, without.firmId)}` }
    const started = (await ctx.http().post('/api/v1/firm/assessments').set(self).expect(201)).body
    await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(self).send({ answers: answersFor() }).expect(200)
    await ctx.http().post(`/api/v1/firm/assessments/${started.id}/submit`).set(self).expect(200)
    expect((await submit(without.auth, without.applicationId)).status).toBe(200)
  })

  it('applies de minimis: declared aid plus aid through the platform; reduces to the room left, or refuses', async () => {
    const deMinimis = { ceilingCents: 700_000, years: 3 }
    const first = await publishedCall(ctx, leader, milano, { deMinimis })
    const second = await publishedCall(ctx, leader, milano, { deMinimis })
    const firm = await makeFirm(ctx.db)
    const a = await firmWithDraft(ctx, first.id, completeDraft(), firm)
    expect((await submit(a.auth, a.applicationId).expect(200)).body.requestedCents).toBe(500_000)
    const b = await firmWithDraft(ctx, second.id, completeDraft(), firm)
    const reduced = (await submit(b.auth, b.applicationId).expect(200)).body as SubmissionReceipt
    expect(reduced).toMatchObject({ requestedCents: 200_000, heldCents: 200_000, deMinimis: { outcome: 'reduced' } })
    expect(reduced.deMinimis.reason).toContain('reduced from 5000.00 EUR to 2000.00 EUR')
    const stored = (await ctx.http().get(`/api/v1/firm/vouchers/applications/${b.applicationId}`).set(b.auth).expect(200)).body as VoucherApplication
    expect(stored.deMinimis).toMatchObject({ outcome: 'reduced', platformCents: 500_000, roomCents: 200_000, requestedCents: 500_000, grantCents: 200_000 })
    // The reduction is the platform's reason, with its figures for the screens to word.
    expect(stored).toMatchObject({ statusReason: null, statusReasonDetail: { code: 'de_minimis_reduced',
      params: { requestedCents: 500_000, roomCents: 200_000, ceilingCents: 700_000, declaredCents: 0, platformCents: 500_000, years: 3 } } })

    const declaredFull = await firmWithDraft(ctx, second.id, completeDraft({ declarations: { truthful: true, annualFeePaid: true, deMinimisAidCents: 700_000 } }))
    const refused = await submit(declaredFull.auth, declaredFull.applicationId)
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ code: 'voucher_de_minimis_exceeded', errors: [{ path: '/declarations/deMinimisAidCents', code: 'de_minimis_ceiling',
      params: { ceilingCents: 700_000, declaredCents: 700_000, platformCents: 0 } }] })
  })

  it('refuses a key reused for another application, and another firm\'s application', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const firm = await makeFirm(ctx.db)
    const a = await firmWithDraft(ctx, c.id, completeDraft(), firm)
    const other = await firmWithDraft(ctx, c.id)
    expect((await submit(other.auth, a.applicationId)).status).toBe(404)
    await submit(a.auth, a.applicationId, 'shared-key-123').expect(200)
    // Once submitted, another firm still learns nothing of it: no status, no protocol, no instant.
    const probe = await submit(other.auth, a.applicationId)
    expect(probe.status).toBe(404)
    expect(JSON.stringify(probe.body)).not.toMatch(/protocol|submitted/)
    const c2 = await publishedCall(ctx, leader, milano)
    const b = await firmWithDraft(ctx, c2.id, completeDraft(), firm)
    const reused = await submit(b.auth, b.applicationId, 'shared-key-123')
    expect(reused.status).toBe(422)
    expect(reused.body.code).toBe('idempotency_key_reused')
  })
})
