import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallEvaluation, PublicCall, VoucherCall, VoucherReport } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../test/helpers.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('demo vouchers', () => {
  it('shows a newcomer an open call in Milano with applications in several states', async () => {
    const milano = await chamberId(ctx.db, 'Milano')
    const auth = await demoAuth(ctx, 'coordinatore@pid.example')
    const list = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls`).set(auth).expect(200)).body.items as VoucherCall[]
    expect(list.map((c) => [c.code, c.phase])).toEqual([['VD-MI-2025', 'closed'], ['VD-MI-2026-GRAD', 'closed'], ['VD-MI-2027-FORM', 'draft'], ['VD-MI-2026', 'open']])
    const open = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls/${list[3]!.id}`).set(auth).expect(200)).body as VoucherCall
    expect(open.figures.byStatus).toMatchObject({ draft: 1, funded: 4, withdrawn: 1 })
    expect(open.figures.reservedCents).toBeGreaterThan(0)
    const page = (await ctx.http().get(`/api/v1/public/vouchers/calls/${open.id}`).expect(200)).body as PublicCall
    expect(page).toMatchObject({ phase: 'open', exhausted: false, submitted: 5 })
    const timeline = await ctx.db.selectFrom('timeline_event').select('type').where('source_module', '=', 'vouchers').execute()
    expect(timeline.map((t) => t.type).sort()).toEqual(expect.arrayContaining(['voucher', 'voucher_submitted', 'voucher_withdrawn']))
  })

  it('shows a ranking call in evaluation and a grant whose report waits for the check', async () => {
    const milano = await chamberId(ctx.db, 'Milano')
    const auth = await demoAuth(ctx, 'coordinatore@pid.example')
    const list = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls`).set(auth).expect(200)).body.items as VoucherCall[]
    const grad = list.find((c) => c.code === 'VD-MI-2026-GRAD')!
    const evaluation = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls/${grad.id}/evaluation`).set(auth).expect(200)).body as CallEvaluation
    expect(evaluation).toMatchObject({ allocation: 'ranking', phase: 'closed', submitted: 6, admissibility: { pending: 1, admissible: 4, notAdmissible: 1 },
      scoresMissing: 1, computable: false, evaluatedAt: null })
    const closed = list.find((c) => c.code === 'VD-MI-2025')!
    const apps = await ctx.db.selectFrom('voucher_application').select(['id', 'status']).where('call_id', '=', closed.id).orderBy('protocol_number').execute()
    expect(apps.map((a) => a.status)).toEqual(['granted', 'granted', 'not_admitted'])
    const report = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/applications/${apps[0]!.id}/report`).set(auth).expect(200)).body as VoucherReport
    expect(report).toMatchObject({ status: 'submitted', grantedCents: 500_000 })
    expect(report.invoices.map((i) => [i.source, i.taxableCents, i.files.map((f) => f.kind)])).toEqual([
      ['fatturapa', 900_000, ['invoice', 'payment_proof']], ['manual', 200_000, ['invoice', 'payment_proof']]])
  })
})
