import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicCall, VoucherCall } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../test/helpers.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('demo vouchers', () => {
  it('shows a newcomer an open call in Milano with applications in several states', async () => {
    const milano = await chamberId(ctx.db, 'Milano')
    const auth = await demoAuth(ctx, 'coordinatore@pid.example')
    const list = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls`).set(auth).expect(200)).body.items as VoucherCall[]
    expect(list.map((c) => [c.code, c.phase])).toEqual([['VD-MI-2027-FORM', 'draft'], ['VD-MI-2026', 'open']])
    const open = (await ctx.http().get(`/api/v1/chambers/${milano}/vouchers/calls/${list[1]!.id}`).set(auth).expect(200)).body as VoucherCall
    expect(open.figures.byStatus).toMatchObject({ draft: 1, funded: 4, withdrawn: 1 })
    expect(open.figures.reservedCents).toBeGreaterThan(0)
    const page = (await ctx.http().get(`/api/v1/public/vouchers/calls/${open.id}`).expect(200)).body as PublicCall
    expect(page).toMatchObject({ phase: 'open', exhausted: false, submitted: 5 })
    const timeline = await ctx.db.selectFrom('timeline_event').select('type').where('source_module', '=', 'vouchers').execute()
    expect(timeline.map((t) => t.type).sort()).toEqual(expect.arrayContaining(['voucher', 'voucher_submitted', 'voucher_withdrawn']))
  })
})
