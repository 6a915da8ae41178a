import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestContext, Auth } from '../../../test/helpers.ts'
import { publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { CLOSING_JOB } from './allocation.service.ts'

let ctx: TestContext
let milano: number
let leader: Auth

beforeAll(async () => {
  ({ ctx, milano, leader } = await voucherTestContext(100_000_000))
})
afterAll(async () => { await ctx.close() })

const waiting = (callId: number) => ctx.app.jobs.pending(CLOSING_JOB, { callId })

describe('the closing job of a published call', () => {
  it('is sent again at start when none is waiting (an upgrade lost it), once, and not after the call closed', async () => {
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000 })
    const [sentAtPublish] = await waiting(call.id)
    expect(sentAtPublish).toBeDefined()

    // A start finds the job waiting: nothing more is sent.
    await ctx.app.jobs.start()
    expect(await waiting(call.id)).toHaveLength(1)

    // The job is lost: the next start sends it again, due at the closing instant, and only once.
    await ctx.app.jobs.boss.deleteJob(CLOSING_JOB, sentAtPublish!.id)
    expect(await waiting(call.id)).toEqual([])
    await ctx.app.jobs.start()
    await ctx.app.jobs.start()
    const again = await waiting(call.id)
    expect(again).toHaveLength(1)
    const closesAt = (await ctx.db.selectFrom('voucher_call').select('closes_at').where('id', '=', call.id).executeTakeFirstOrThrow()).closes_at
    expect(again[0]!.startAfter.getTime()).toBe(new Date(closesAt).getTime())

    // It closes the call when due; a closed call gets no closing job at the next start.
    await ctx.db.updateTable('voucher_call').set({ opens_at: new Date(Date.now() - 7200_000), closes_at: new Date(Date.now() - 1000) }).where('id', '=', call.id).execute()
    await ctx.app.jobs.bringForward(CLOSING_JOB, { callId: call.id })
    await ctx.app.jobs.drain()
    const closed = await ctx.db.selectFrom('voucher_call').select('quotas_merged_at').where('id', '=', call.id).executeTakeFirstOrThrow()
    expect(closed.quotas_merged_at).not.toBeNull()
    await ctx.app.jobs.start()
    expect(await waiting(call.id)).toEqual([])
  })
})
