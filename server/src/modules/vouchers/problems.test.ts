import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Auth, TestContext } from '../../../test/helpers.ts'
import { callBody, completeDraft, firmWithDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { callUrl, submitted } from '../../../test/voucher-eval-helpers.ts'

/**
 * The client words a refusal from its code and parameters (the English detail is for API consumers
 * only): every refusal a voucher screen can meet carries a specific code, and field errors carry the
 * JSON Schema keyword with its params or a business rule's code.
 */
let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth

beforeAll(async () => { ({ ctx, milano, leader, coordinator } = await voucherTestContext(100_000_000)) })
afterAll(async () => { await ctx.close() })

describe('problem bodies', () => {
  it('say which application already exists, which call is still open, and which application is already submitted', async () => {
    const call = await publishedCall(ctx, leader, milano)
    const d = await firmWithDraft(ctx, call.id)
    const again = await ctx.http().post(`/api/v1/firm/vouchers/calls/${call.id}/applications`).set(d.auth).send(completeDraft())
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'voucher_application_exists', params: { applicationId: d.applicationId, status: 'draft' } })
    expect(again.body.detail).toMatch(/already has a draft/)

    const closeOut = await ctx.http().post(`${callUrl(milano, call.id)}/close-out`).set(leader)
    expect(closeOut.status).toBe(409)
    expect(closeOut.body).toMatchObject({ code: 'voucher_call_still_open', params: { closesAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } })

    const s = await submitted(ctx, call.id)
    const edit = await ctx.http().patch(`/api/v1/firm/vouchers/applications/${s.applicationId}`).set(s.auth).send({ contact: { name: 'X', email: 'x@example.it' } })
    expect(edit.status).toBe(409)
    expect(edit.body).toMatchObject({ code: 'voucher_application_submitted', params: { protocol: expect.stringContaining(call.code) } })
  })

  it('names the decision an application cannot take and why a grant has no proposal yet', async () => {
    const call = await publishedCall(ctx, leader, milano)
    const s = await submitted(ctx, call.id)
    const refused = await ctx.http().post(`/api/v1/chambers/${milano}/vouchers/applications/${s.applicationId}/decision`).set(coordinator)
      .send({ outcome: 'granted', corCode: '1234567' })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'voucher_checklist_missing' })
  })

  it('gives each invalid field the JSON Schema keyword and its params', async () => {
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/vouchers/calls`).set(leader)
      .send({ ...callBody(), code: '', title: { it: 'x'.repeat(500) }, envelopeCents: -1 })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation')
        expect(res.body.errors.length).toBeGreaterThan(0)
    for (const e of res.body.errors) expect(e).toMatchObject({ keyword: expect.any(String), params: expect.any(Object), message: expect.any(String) })
    const limits = (res.body.errors as { keyword: string }[]).filter((e) => ['minLength', 'maxLength', 'minimum'].includes(e.keyword))
    expect(limits.length).toBeGreaterThan(0)
    for (const e of limits) expect(e).toMatchObject({ params: { limit: expect.any(Number) } })

    const missing = await ctx.http().post(`/api/v1/chambers/${milano}/vouchers/calls`).set(leader).send({ title: { it: 'Bando' } })
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: '/code', keyword: 'required', params: { missingProperty: 'code' } }))
  })
})
