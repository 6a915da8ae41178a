import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import supertest from 'supertest'
import type { FastifyInstance } from 'fastify'
import type { SubmissionReceipt } from '@pid/shared'
import { buildApp } from '../../app.ts'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'
import { completeDraft, makeVoucherBudget, publishedCall } from '../../../test/voucher-factories.ts'

/**
 * Click day in miniature: 500 firms submit at once for 50 vouchers, through two app instances on
 * the same database (each with its own queue: their batches serialize on the call's row lock),
 * a fifth of them sending their request twice at the same moment with the same Idempotency-Key.
 */
const FIRMS = 500
const VOUCHERS = 50
const GRANT = 500_000
let ctx: TestContext
let second: FastifyInstance
let milano: number

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  await makeVoucherBudget(ctx.db, milano, 100_000_000)
  second = await buildApp(ctx.config, { db: ctx.db, pool: ctx.pool })
  await second.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => {
  await second.close()
  await ctx.close()
})

interface Applicant { firmId: number; auth: string; applicationId: number; key: string }

describe('click day', () => {
  it(`funds exactly ${VOUCHERS} of ${FIRMS} simultaneous submissions, the first by protocol, never over the envelope`, async () => {
    const leader = await demoAuth(ctx, 'leader@pid.example')
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: VOUCHERS * GRANT })
    const applicants: Applicant[] = []
    for (let i = 0; i < FIRMS; i += 50) {
      applicants.push(...await Promise.all(Array.from({ length: Math.min(50, FIRMS - i) }, async (_, j) => {
        const firm = await makeFirm(ctx.db)
        const auth = `Bearer ${await firmSession(ctx, firm.id, ['vouchers'])}`
        const res = await ctx.http().post(`/api/v1/firm/vouchers/calls/${call.id}/applications`).set('authorization', auth).send(completeDraft())
        if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`)
        return { firmId: firm.id, auth, applicationId: res.body.id as number, key: `click-${i + j}-${firm.id}` }
      })))
    }
    const servers = [supertest(ctx.app.server), supertest(second.server)]
    const send = (a: Applicant, n: number) => servers[n % 2]!.post(`/api/v1/firm/vouchers/applications/${a.applicationId}/submit`)
      .set('authorization', a.auth).set('idempotency-key', a.key).ok(() => true)
    // Everyone at once; every fifth firm also retries at the same moment, on the other instance.
    const responses = await Promise.all(applicants.flatMap((a, i) => [send(a, i).then((r) => ({ a, r })),
      ...(i % 5 === 0 ? [send(a, i + 1).then((r) => ({ a, r }))] : [])]))

    expect(responses.filter(({ r }) => r.status !== 200).map(({ r }) => `${r.status} ${r.text}`)).toEqual([])
    const first = new Map<number, string>()
    for (const { a, r } of responses) {
      const seen = first.get(a.applicationId)
      if (seen) expect(r.text).toBe(seen)
      else first.set(a.applicationId, r.text)
    }
    const answered = [...first.values()].map((t) => JSON.parse(t) as SubmissionReceipt)

    const rows = await ctx.db.selectFrom('voucher_application').select(['id', 'firm_id', 'status', 'protocol_number', 'held_cents', 'submitted_at'])
      .where('call_id', '=', call.id).orderBy('protocol_number').execute()
    expect(rows).toHaveLength(FIRMS)
    expect(new Set(rows.map((r) => r.firm_id)).size).toBe(FIRMS)
    expect(rows.map((r) => r.protocol_number)).toEqual(Array.from({ length: FIRMS }, (_, i) => i + 1))
    const funded = rows.filter((r) => r.status === 'funded')
    expect(funded).toHaveLength(VOUCHERS)
    expect(funded.map((r) => r.protocol_number)).toEqual(Array.from({ length: VOUCHERS }, (_, i) => i + 1))
    expect(rows.slice(VOUCHERS).every((r) => r.status === 'reserve' && r.held_cents === 0)).toBe(true)
    // Submissions shared transactions (one registration instant per batch): the queue batches under load.
    expect(new Set(rows.map((r) => r.submitted_at!.getTime())).size).toBeLessThan(FIRMS / 4)
    // Protocol order and time order agree.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.submitted_at!.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.submitted_at!.getTime())
    const c = await ctx.db.selectFrom('voucher_call').selectAll().where('id', '=', call.id).executeTakeFirstOrThrow()
    const held = funded.reduce((s, r) => s + r.held_cents, 0)
    expect(held).toBe(c.reserved_cents)
    expect(c.reserved_cents).toBeLessThanOrEqual(c.envelope_cents)
    expect(c).toMatchObject({ last_protocol: FIRMS, reserve_count: FIRMS - VOUCHERS, status: 'closed_exhausted' })
    // Every answer has its row, as it said.
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const a of answered) expect(byId.get(a.id)).toMatchObject({ protocol_number: a.protocolNumber, status: a.status })
    // Later retries with the same key still get the first answer.
    for (const a of applicants.slice(0, 40)) expect((await send(a, 0)).text).toBe(first.get(a.applicationId))
    // One timeline entry per submission, not per request.
    const events = await ctx.db.selectFrom('timeline_event').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'voucher_submitted').where('firm_id', 'in', applicants.map((a) => a.firmId)).executeTakeFirstOrThrow()
    expect(Number(events.n)).toBe(FIRMS)
  }, 120_000)
})
