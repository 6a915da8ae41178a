import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VoucherApplication } from '@pid/shared'
import { migrations } from '@pid/migrations'
import type { Auth, TestContext } from '../../../test/helpers.ts'
import { publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, submitted } from '../../../test/voucher-eval-helpers.ts'

/**
 * Applications submitted before the server sent codes keep an English `message` per eligibility
 * check; migration 0034 reads each back into the `detail` (code and params) the client words.
 */
let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => { ({ ctx, milano, leader } = await voucherTestContext(100_000_000)) })
afterAll(async () => { await ctx.close() })

/** The snapshot as versions up to 501f327 wrote it (shared/src/vouchers/eligibility.ts then). */
const OLD = {
  eligible: false,
  checks: [
    { code: 'size_class', outcome: 'pass', message: 'size class small (allowed: micro, small, medium)' },
    { code: 'seat', outcome: 'pass', message: 'registered office in province MI' },
    { code: 'active', outcome: 'pass', message: 'register status: active' },
    { code: 'ateco', outcome: 'fail', message: 'ATECO 01.11 is excluded (A)' },
    { code: 'annual_fee', outcome: 'declared', message: 'annual fee declared paid (verified at admissibility)' },
    { code: 'assessment', outcome: 'fail', message: 'the self-assessment of 2024-03-05 is older than 12 months' },
    { code: 'truthful', outcome: 'declared', message: 'statements declared true (DPR 445/2000)' },
  ],
}

describe('migration 0034: eligibility snapshots in the coded shape', () => {
  it('rewrites every old message into its code and params, leaves coded snapshots alone, and the API serves them', async () => {
    const call = await publishedCall(ctx, leader, milano)
    const old = await submitted(ctx, call.id)
    const current = await submitted(ctx, call.id)
    const currentBefore = (await ctx.db.selectFrom('voucher_application').select('eligibility').where('id', '=', current.applicationId).executeTakeFirstOrThrow()).eligibility
    await sql`UPDATE voucher_application SET eligibility = ${JSON.stringify(OLD)}::jsonb WHERE id = ${old.applicationId}`.execute(ctx.db)

    await migrations['0034_eligibility_message_codes']!.up(ctx.db)

    const after = await ctx.db.selectFrom('voucher_application').select(['id', 'eligibility']).where('id', 'in', [old.applicationId, current.applicationId]).execute()
    const byId = new Map(after.map((r) => [Number(r.id), r.eligibility]))
    expect(byId.get(old.applicationId)).toEqual({
      eligible: false,
      checks: [
        { code: 'size_class', outcome: 'pass', detail: { code: 'size_class', params: { sizeClass: 'small', sizeClasses: ['micro', 'small', 'medium'] } } },
        { code: 'seat', outcome: 'pass', detail: { code: 'seat', params: { province: 'MI' } } },
        { code: 'active', outcome: 'pass', detail: { code: 'register_status', params: { status: 'active' } } },
        { code: 'ateco', outcome: 'fail', detail: { code: 'ateco_excluded', params: { ateco: '01.11', prefix: 'A' } } },
        { code: 'annual_fee', outcome: 'declared', detail: { code: 'annual_fee_declared', params: {} } },
        { code: 'assessment', outcome: 'fail', detail: { code: 'assessment_old', params: { submittedDate: '2024-03-05', months: 12 } } },
        { code: 'truthful', outcome: 'declared', detail: { code: 'truthful_declared', params: {} } },
      ],
    })
    expect(byId.get(current.applicationId)).toEqual(currentBefore)

    const view = (await ctx.http().get(appUrl(milano, old.applicationId)).set(leader).expect(200)).body as VoucherApplication
    expect(view.eligibility!.checks.map((c) => c.detail.code)).toEqual(['size_class', 'seat', 'register_status', 'ateco_excluded', 'annual_fee_declared', 'assessment_old', 'truthful_declared'])
  })

  it('reads every other template, and keeps a message no template knows beside the code its check implies', async () => {
    const call = await publishedCall(ctx, leader, milano)
    const old = await submitted(ctx, call.id)
    const checks = [
      { code: 'size_class', outcome: 'fail', message: 'the size class is unknown in the register' },
      { code: 'ateco', outcome: 'fail', message: 'no ATECO code in the register' },
      { code: 'ateco', outcome: 'pass', message: 'ATECO 62.01' },
      { code: 'annual_fee', outcome: 'fail', message: 'the annual fee must be declared paid' },
      { code: 'assessment', outcome: 'fail', message: 'no completed self-assessment' },
      { code: 'assessment', outcome: 'pass', message: 'self-assessment completed on 2026-01-08' },
      { code: 'truthful', outcome: 'fail', message: 'the statements must be declared true' },
      { code: 'truthful', outcome: 'fail', message: 'something else entirely' },
    ]
    await sql`UPDATE voucher_application SET eligibility = ${JSON.stringify({ eligible: false, checks })}::jsonb WHERE id = ${old.applicationId}`.execute(ctx.db)
    await migrations['0034_eligibility_message_codes']!.up(ctx.db)
    const row = await ctx.db.selectFrom('voucher_application').select('eligibility').where('id', '=', old.applicationId).executeTakeFirstOrThrow()
    expect((row.eligibility as { checks: unknown[] }).checks).toEqual([
      { code: 'size_class', outcome: 'fail', detail: { code: 'size_class_unknown', params: {} } },
      { code: 'ateco', outcome: 'fail', detail: { code: 'ateco_missing', params: {} } },
      { code: 'ateco', outcome: 'pass', detail: { code: 'ateco', params: { ateco: '62.01' } } },
      { code: 'annual_fee', outcome: 'fail', detail: { code: 'annual_fee_undeclared', params: {} } },
      { code: 'assessment', outcome: 'fail', detail: { code: 'assessment_missing', params: {} } },
      { code: 'assessment', outcome: 'pass', detail: { code: 'assessment_done', params: { submittedDate: '2026-01-08' } } },
      { code: 'truthful', outcome: 'fail', detail: { code: 'truthful_undeclared', params: {} } },
      { code: 'truthful', outcome: 'fail', detail: { code: 'truthful_undeclared', params: {} }, legacyMessage: 'something else entirely' },
    ])
  })
})
