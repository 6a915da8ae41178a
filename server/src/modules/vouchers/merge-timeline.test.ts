import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Auth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm } from '../../../test/crm-factories.ts'
import { firmSession } from '../../../test/firm-access-helpers.ts'
import { systemContext } from '../../core/audit.ts'
import { completeDraft, firmWithDraft, publishedCall, voucherTestContext } from '../../../test/voucher-factories.ts'

let ctx: TestContext
let milano: number
let leader: Auth, coordinator: Auth
beforeAll(async () => {
  ({ ctx, milano, leader, coordinator } = await voucherTestContext(20_000_000))
})
afterAll(async () => { await ctx.close() })

describe('the CRM timeline in batches', () => {
  it('records many touches as recordEvent would: events in order, stage forward once, history, last touch, audit', async () => {
    const a = await makeFirm(ctx.db)
    const b = await makeFirm(ctx.db, { stage: 5 })
    const at = new Date('2026-03-10T09:00:00Z')
    const person = await ctx.db.insertInto('contact').values({ firm_id: b.id, first_name: 'Anna', last_activity_at: new Date('2025-01-01T00:00:00Z') })
      .returning('id').executeTakeFirstOrThrow()
    await ctx.db.transaction().execute((tx) => ctx.app.crm.recordEvents(tx, [
      { ctx: systemContext('test'), event: { firmId: a.id, type: 'event_attendance', summary: 'Seminario', occurredAt: at } },
      { ctx: systemContext('test'), event: { firmId: b.id, type: 'voucher_submitted', summary: 'Domanda', occurredAt: at, contactId: person.id } },
      { ctx: systemContext('test'), event: { firmId: a.id, type: 'voucher_submitted', summary: 'Domanda', occurredAt: at, sourceModule: 'vouchers' } },
    ]))
    const events = await ctx.db.selectFrom('timeline_event').select(['id', 'firm_id', 'type', 'source_module']).where('firm_id', 'in', [a.id, b.id]).orderBy('id').execute()
    expect(events.map((e) => [e.firm_id, e.type])).toEqual([[a.id, 'event_attendance'], [b.id, 'voucher_submitted'], [a.id, 'voucher_submitted']])
    const firms = await ctx.db.selectFrom('firm').select(['id', 'stage', 'last_touch_at']).where('id', 'in', [a.id, b.id]).orderBy('id').execute()
    expect(firms.map((f) => [f.stage, f.last_touch_at?.toISOString()])).toEqual([[4, at.toISOString()], [5, at.toISOString()]])
    // a went 0 -> 1 (the seminar) -> 4 (the application); b stays at 5: forward only.
    const changes = await ctx.db.selectFrom('stage_change').select(['firm_id', 'from_stage', 'to_stage', 'event_id']).where('firm_id', 'in', [a.id, b.id]).orderBy('id').execute()
    expect(changes).toEqual([
      { firm_id: a.id, from_stage: 0, to_stage: 1, event_id: events[0]!.id },
      { firm_id: a.id, from_stage: 1, to_stage: 4, event_id: events[2]!.id },
    ])
    // A touch with a person keeps the person active (GDPR retention).
    expect((await ctx.db.selectFrom('contact').select('last_activity_at').where('id', '=', person.id).executeTakeFirstOrThrow()).last_activity_at).toEqual(at)
    const audits = await ctx.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'crm.timeline.recorded').where('entity_id', 'in', [String(a.id), String(b.id)]).execute()
    expect(audits).toHaveLength(3)
  })
})

describe('merging firms with voucher applications', () => {
  it('moves applications to the kept firm, and refuses when both firms applied to the same call', async () => {
    const c = await publishedCall(ctx, leader, milano)
    const kept = await makeFirm(ctx.db)
    const dup = await makeFirm(ctx.db)
    const d = await firmWithDraft(ctx, c.id, completeDraft(), dup)
    await ctx.http().post(`/api/v1/chambers/${milano}/firms/${dup.id}/merge`).set(coordinator).send({ intoFirmId: kept.id }).expect(200)
    expect((await ctx.db.selectFrom('voucher_application').select('firm_id').where('id', '=', d.applicationId).executeTakeFirstOrThrow()).firm_id).toBe(kept.id)

    const other = await makeFirm(ctx.db)
    await firmWithDraft(ctx, c.id, completeDraft(), other)
    const refused = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${other.id}/merge`).set(coordinator).send({ intoFirmId: kept.id })
    expect(refused.status).toBe(409)
    expect(refused.body.detail).toContain(`voucher call ${c.id}`)
  })
})

describe('firm sessions', () => {
  it('need a link for vouchers: an assessment-only link and a staff token are refused', async () => {
    const firm = await makeFirm(ctx.db)
    const assessmentOnly = { authorization: `Bearer ${await firmSession(ctx, firm.id, ['assessment'])}` }
    expect((await ctx.http().get('/api/v1/firm/vouchers').set(assessmentOnly)).status).toBe(403)
    expect((await ctx.http().get('/api/v1/firm/vouchers').set(leader)).status).toBe(401)
    const vouchers = { authorization: `Bearer ${await firmSession(ctx, firm.id, ['vouchers'])}` }
    const home = (await ctx.http().get('/api/v1/firm/vouchers').set(vouchers).expect(200)).body
    expect(home.firm.id).toBe(firm.id)
    expect(home.calls.length).toBeGreaterThan(0)
  })
})
