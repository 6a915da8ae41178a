import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type { CallEvaluation, DecisionList, EvaluationPage, VoucherCall } from '@pid/shared'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { completeDraft, expense, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'
import { appUrl, callUrl, closeCallWindow, decide, recordAdmissibility, submitted } from '../../../test/voucher-eval-helpers.ts'

let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth

beforeAll(async () => {
  ({ ctx, milano, leader, coordinator } = await voucherTestContext(100_000_000))
})
afterAll(async () => { await ctx.close() })

const criteria = [
  { code: 'quality', label: { it: 'Qualità del progetto' }, weight: 60, maxScore: 10 },
  { code: 'innovation', label: { it: 'Innovazione' }, weight: 40, maxScore: 5 },
]
const compute = (callId: number) => ctx.http().post(`${callUrl(milano, callId)}/evaluation/compute`).set(coordinator)
const score = (id: number, quality: number, innovation: number) =>
  ctx.http().put(`${appUrl(milano, id)}/scores`).set(coordinator).send({ scores: [{ criterion: 'quality', score: quality }, { criterion: 'innovation', score: innovation }] })
const binary = (r: import('supertest').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const b: Buffer[] = []
  const stream = r as unknown as NodeJS.ReadableStream
  stream.on('data', (d: Buffer) => b.push(d))
  stream.on('end', () => cb(null, Buffer.concat(b)))
}
const callView = async (id: number) => (await ctx.http().get(callUrl(milano, id)).set(leader).expect(200)).body as VoucherCall

describe('ranking calls', () => {
  it('ranks after the window on exact merit (ties: earlier protocol), funds in rank order with the remainder, and decides on the proposal', async () => {
    const c = await publishedCall(ctx, leader, milano, { allocation: 'ranking', rankingCriteria: criteria, envelopeCents: 1_200_000, allowRemainder: true })
    const apps = []
    for (let i = 0; i < 5; i++) apps.push(await submitted(ctx, c.id))
    const [p1, p2, p3, p4, p5] = apps.map((a) => a.applicationId) as [number, number, number, number, number]
    expect((await ctx.db.selectFrom('voucher_application').select('status').where('call_id', '=', c.id).execute()).map((r) => r.status))
      .toEqual(['submitted', 'submitted', 'submitted', 'submitted', 'submitted'])

    // Scores need an admissible application; the window must be over and everything checked before computing.
    expect((await score(p1, 5, 5)).status).toBe(409)
    await recordAdmissibility(ctx, coordinator, milano, p1)
    expect((await score(p1, 11, 5)).body.errors).toEqual([{ path: '/scores/0/score', message: 'at most 10', keyword: 'maximum', params: { limit: 10 } }])
    expect((await ctx.http().put(`${appUrl(milano, p1)}/scores`).set(coordinator).send({ scores: [{ criterion: 'price', score: 1 }] })).status).toBe(400)
    const early = await compute(c.id)
    expect(early.status).toBe(409)
    expect(early.body.errors.map((e: { message: string }) => e.message)).toEqual(['window_open', 'checklists_pending', 'scores_missing'])
    const waiting = (await ctx.http().get(`${callUrl(milano, c.id)}/evaluation`).set(leader).expect(200)).body as CallEvaluation
    expect(waiting.blockers).toEqual([{ code: 'window_open', params: { closesAt: expect.any(String) } }, { code: 'checklists_pending', params: { count: 4 } },
      { code: 'scores_missing', params: { count: 1 } }])

    await closeCallWindow(ctx, c.id)
    for (const id of [p2, p3, p4]) await recordAdmissibility(ctx, coordinator, milano, id)
    await recordAdmissibility(ctx, coordinator, milano, p5, ['documents'])
    // p2 and p4 tie exactly (60 x 8/10 + 40 x 3/5 = 72): p2 has the earlier protocol. p1 is best, p3 last.
    for (const [id, q, i] of [[p1, 10, 4], [p2, 8, 3], [p3, 5, 1], [p4, 8, 3]] as const) expect((await score(id, q, i)).status).toBe(200)
    const summary = (await compute(c.id).expect(200)).body as CallEvaluation
    expect(summary).toMatchObject({ computable: true, blockers: [], admissibility: { pending: 0, admissible: 4, notAdmissible: 1 }, scoresMissing: 0,
      requestedAdmissibleCents: 2_000_000, proposedCents: 1_200_000, evaluatedAt: expect.any(String) })
    const ranked = (await ctx.http().get(`${callUrl(milano, c.id)}/evaluation/rows?order=rank`).set(leader).expect(200)).body as EvaluationPage
    expect(ranked.items.map((r) => [r.id, r.rank, r.scoreMilli, r.proposedCents])).toEqual([
      [p1, 1, 92_000, 500_000], [p2, 2, 72_000, 500_000], [p4, 3, 72_000, 200_000], [p3, 4, 38_000, 0]])
    // A page at a time, by rank.
    const page = (await ctx.http().get(`${callUrl(milano, c.id)}/evaluation/rows?order=rank&limit=2`).set(leader).expect(200)).body as EvaluationPage
    const next = (await ctx.http().get(`${callUrl(milano, c.id)}/evaluation/rows?order=rank&limit=2&cursor=${page.nextCursor}`).set(leader).expect(200)).body as EvaluationPage
    expect([...page.items, ...next.items].map((r) => r.id)).toEqual([p1, p2, p4, p3])
    expect(next.nextCursor).toBeNull()

    // Decisions follow the proposal: never above it; the remainder is a reduction with its reason.
    const over = await ctx.http().post(`${appUrl(milano, p4)}/decision`).set(coordinator).send({ outcome: 'granted', corCode: '77', amountCents: 200_001 })
    expect(over.status).toBe(400)
    expect((await ctx.http().post(`${appUrl(milano, p1)}/decision`).set(coordinator).send({ outcome: 'not_funded' })).status).toBe(409)
    await decide(ctx, coordinator, milano, p1, { outcome: 'granted', corCode: '71' })
    await decide(ctx, coordinator, milano, p2, { outcome: 'granted', corCode: '72' })
    const reduced = await decide(ctx, coordinator, milano, p4, { outcome: 'granted', corCode: '74' })
    expect(reduced).toMatchObject({ grantedCents: 200_000, reason: null, reasonDetail: { code: 'reduced_to_remaining', params: {} }, rank: 3 })
    await decide(ctx, coordinator, milano, p3, { outcome: 'not_funded' })
    await decide(ctx, coordinator, milano, p5, { outcome: 'not_admitted', reason: 'preventivi mancanti' })
    expect((await callView(c.id)).figures).toMatchObject({ grantedCents: 1_200_000, availableCents: 0, reservedCents: 0 })

    // The list for the decision act, as JSON, PDF and XLSX.
    const list = (await ctx.http().get(`${callUrl(milano, c.id)}/decision-list`).set(leader).expect(200)).body as DecisionList
    expect(list).toMatchObject({ call: { code: c.code, carCode: '12345', cup: 'J45F21000010005' }, undecided: 0, fundedCents: 1_200_000 })
    expect(list.funded.map((r) => [r.applicationId, r.rank, r.grantedCents, r.corCode])).toEqual([[p1, 1, 500_000, '71'], [p2, 2, 500_000, '72'], [p4, 3, 200_000, '74']])
    expect(list.notFunded.map((r) => [r.applicationId, r.requestedCents])).toEqual([[p3, 500_000]])
    expect(list.notAdmitted.map((r) => [r.applicationId, r.reason])).toEqual([[p5, 'preventivi mancanti']])
    expect(list.notFunded.map((r) => r.reasonDetail)).toEqual([{ code: 'envelope_exhausted', params: {} }])
    const pdf = await ctx.http().get(`${callUrl(milano, c.id)}/decision-list/export?format=pdf`).set(leader).buffer(true).parse(binary).expect(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
    const xlsx = await ctx.http().get(`${callUrl(milano, c.id)}/decision-list/export?format=xlsx`).set(leader).buffer(true).parse(binary).expect(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Ammesse e finanziate', 'Ammesse e non finanziate', 'Non ammesse'])
    const funded = wb.worksheets[0]!
    expect(funded.getRow(4).values).toEqual([undefined, 3, list.funded[2]!.protocol, list.funded[2]!.firm.name, list.funded[2]!.firm.taxCode, 72, 5000, 2000,
      '74', '12345', 'J45F21000010005', 'granted', 'ridotto al residuo della dotazione'])
    expect((await ctx.http().get(`${callUrl(milano, c.id)}/decision-list/export?format=csv`).set(leader)).status).toBe(400)
    // The ranking is now the basis of decisions: scores and recomputation are refused.
    expect((await score(p3, 10, 5)).status).toBe(409)
    expect((await compute(c.id)).status).toBe(409)

    // A grant taken back frees money: the next admitted-not-funded firm may be granted what is free.
    await ctx.http().post(`${appUrl(milano, p2)}/revoke`).set(coordinator).send({ reason: 'rinuncia' }).expect(200)
    const late = await decide(ctx, coordinator, milano, p3, { outcome: 'granted', corCode: '73', amountCents: 500_000 })
    expect(late).toMatchObject({ status: 'granted', grantedCents: 500_000 })
    expect((await callView(c.id)).figures).toMatchObject({ grantedCents: 1_200_000, availableCents: 0 })
  })
})

describe('pro-rata calls', () => {
  it('shares the envelope in proportion to the requests, to the cent, the cents left to the largest fractions', async () => {
    // Requests of 5,000, 5,000 and 2,500 EUR for an envelope of 10,000.01 EUR.
    const c = await publishedCall(ctx, leader, milano, { allocation: 'pro_rata', envelopeCents: 1_000_001 })
    const a = await submitted(ctx, c.id)
    const b = await submitted(ctx, c.id)
    const s = await submitted(ctx, c.id, completeDraft({ expenses: [expense('technology', 500_000)] }))
    await closeCallWindow(ctx, c.id)
    for (const x of [a, b, s]) await recordAdmissibility(ctx, coordinator, milano, x.applicationId)
    const summary = (await compute(c.id).expect(200)).body as CallEvaluation
    expect(summary).toMatchObject({ requestedAdmissibleCents: 1_250_000, proposedCents: 1_000_001 })
    // 500,000 x 1,000,001 / 1,250,000 = 400,000.4 -> 400,000 (+1: fraction .4, protocol 1 before 2); 250,000 x ... = 200,000.2 -> 200,000.
    const rows = (await ctx.http().get(`${callUrl(milano, c.id)}/evaluation/rows`).set(leader).expect(200)).body as EvaluationPage
    expect(rows.items.map((r) => r.proposedCents)).toEqual([400_001, 400_000, 200_000])
    for (const x of [a, b, s]) await decide(ctx, coordinator, milano, x.applicationId, { outcome: 'granted', corCode: String(x.applicationId) })
    const decided = await ctx.db.selectFrom('voucher_application').select(['granted_cents', 'status_reason', 'status_reason_detail']).where('call_id', '=', c.id).orderBy('protocol_number').execute()
    const proRata = { status_reason: null, status_reason_detail: { code: 'reduced_pro_rata', params: {} } }
    expect(decided).toEqual([{ granted_cents: 400_001, ...proRata }, { granted_cents: 400_000, ...proRata }, { granted_cents: 200_000, ...proRata }])
    expect((await callView(c.id)).figures).toMatchObject({ grantedCents: 1_000_001, availableCents: 0 })
  })
})
