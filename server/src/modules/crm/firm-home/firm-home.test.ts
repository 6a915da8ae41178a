import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { auditEntries, userAuth, type Auth } from '../../../../test/actors.ts'
import { firmSession } from '../../../../test/firm-access-helpers.ts'

/** The firm's own home, CRM side (register card, people and consents, help requests) and its other modules' sections. */
let ctx: TestContext
let milano: number, bergamo: number
let firmId: number, otherFirmId: number, contactId: number, otherContactId: number
let full: string, other: string, assessmentOnly: string
let promoter: Auth
let promoterId: number
const as = (token: string) => ({ authorization: `Bearer ${token}` })

async function person(firm: number, email: string) {
  const c = await ctx.db.insertInto('contact').values({ firm_id: firm, first_name: 'Anna', last_name: 'Verdi', email }).returning('id').executeTakeFirstOrThrow()
  await ctx.db.insertInto('consent').values({ contact_id: c.id, purpose: 'newsletter', granted_at: new Date(), source: 'test', text_version: 'v1' }).execute()
  return c.id
}

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  firmId = (await makeFirm(ctx.db, { province_code: 'MI', name: 'Officina Rossi Srl', address: 'Via Roma 1', stage: 2 })).id
  otherFirmId = (await makeFirm(ctx.db, { province_code: 'MI', name: 'Altra Impresa Spa' })).id
  contactId = await person(firmId, 'anna@rossi.example')
  otherContactId = await person(otherFirmId, 'anna@altra.example')
  full = await firmSession(ctx, firmId, ['assessment', 'vouchers', 'mentoring', 'profile'])
  other = await firmSession(ctx, otherFirmId, ['assessment', 'vouchers', 'mentoring', 'profile'])
  assessmentOnly = await firmSession(ctx, firmId, ['assessment'])
  const p = await userAuth(ctx, 'digital_promoter', milano)
  promoter = { authorization: p.authorization }
  promoterId = p.userId
})
afterAll(async () => { await ctx.close() })

describe("the firm's home", () => {
  it('shows the firm its register card and stage, to any firm session of that firm', async () => {
    const res = await ctx.http().get('/api/v1/firm/profile').set(as(assessmentOnly)).expect(200)
    expect(res.body).toMatchObject({ id: firmId, name: 'Officina Rossi Srl', address: 'Via Roma 1', stage: 2, chamber: { id: milano } })
    expect((await ctx.http().get('/api/v1/firm/profile').set(as(other)).expect(200)).body.id).toBe(otherFirmId)
  })

  it("lists the firm's people with a state per purpose; a link without 'profile' gets 403", async () => {
    const res = await ctx.http().get('/api/v1/firm/contacts').set(as(full)).expect(200)
    expect(res.body.items).toHaveLength(1)
    expect(res.body.items[0]).toMatchObject({ id: contactId, name: 'Anna Verdi', email: 'anna@rossi.example' })
    expect(res.body.items[0].consents.find((c: { purpose: string }) => c.purpose === 'newsletter')).toMatchObject({ granted: true })
    expect(res.body.items[0].consents.find((c: { purpose: string }) => c.purpose === 'events')).toMatchObject({ granted: false, at: null })
    await ctx.http().get('/api/v1/firm/contacts').set(as(assessmentOnly)).expect(403)
    await ctx.http().get('/api/v1/firm/events').set(as(assessmentOnly)).expect(403)
    await ctx.http().put(`/api/v1/firm/contacts/${contactId}/consents/newsletter`).set(as(assessmentOnly)).send({ granted: false }).expect(403)
    await ctx.http().get('/api/v1/firm/vouchers').set(as(assessmentOnly)).expect(403)
  })

  it('withdraws and gives a consent (audited, idempotent); another firm cannot touch this firm\'s people', async () => {
    const url = `/api/v1/firm/contacts/${contactId}/consents/newsletter`
    const withdrawn = await ctx.http().put(url).set(as(full)).send({ granted: false }).expect(200)
    expect(withdrawn.body.consents.find((c: { purpose: string }) => c.purpose === 'newsletter')).toMatchObject({ granted: false })
    const active = await ctx.db.selectFrom('consent').select('id').where('contact_id', '=', contactId).where('purpose', '=', 'newsletter').where('withdrawn_at', 'is', null).execute()
    expect(active).toHaveLength(0)
    const before = (await auditEntries(ctx, 'crm.consent.withdrawn')).length
    const onTimeline = () => ctx.db.selectFrom('timeline_event').select('summary').where('contact_id', '=', contactId)
      .where('source_module', '=', 'firm-home').orderBy('id').execute()
    expect((await onTimeline()).map((e) => e.summary)).toEqual(["Consenso «Newsletter» revocato dall'impresa nella sua area"])
    await ctx.http().put(url).set(as(full)).send({ granted: false }).expect(200)
    expect((await auditEntries(ctx, 'crm.consent.withdrawn')).length).toBe(before)
    // Nothing changed the second time: nothing more on the timeline either.
    expect(await onTimeline()).toHaveLength(1)
    const given = await ctx.http().put(`/api/v1/firm/contacts/${contactId}/consents/events`).set(as(full)).send({ granted: true }).expect(200)
    expect(given.body.consents.find((c: { purpose: string }) => c.purpose === 'events')).toMatchObject({ granted: true })
    const row = await ctx.db.selectFrom('consent').selectAll().where('contact_id', '=', contactId).where('purpose', '=', 'events').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ source: 'firm_home_link', withdrawn_at: null })
    expect((await auditEntries(ctx, 'crm.consent.granted')).length).toBeGreaterThan(0)
    // Another firm's session: this firm's person is not found, and nothing changes.
    await ctx.http().put(`/api/v1/firm/contacts/${contactId}/consents/events`).set(as(other)).send({ granted: false }).expect(404)
    expect(await ctx.db.selectFrom('consent').select('withdrawn_at').where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ withdrawn_at: null })
    const theirs = await ctx.http().get('/api/v1/firm/contacts').set(as(other)).expect(200)
    expect(theirs.body.items.map((c: { id: number }) => c.id)).toEqual([otherContactId])
  })

  it('refuses bad input with a 400 and writes nothing', async () => {
    await ctx.http().put(`/api/v1/firm/contacts/${contactId}/consents/spam`).set(as(full)).send({ granted: false }).expect(400)
    await ctx.http().put(`/api/v1/firm/contacts/${contactId}/consents/events`).set(as(full)).send({ granted: 'no' }).expect(400)
    const before = await ctx.db.selectFrom('help_request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    await ctx.http().post('/api/v1/firm/help-requests').set(as(full)).send({ topic: 'vouchers', message: 'x', channel: 'phone', email: 'a@b.example' }).expect(400)
    await ctx.http().post('/api/v1/firm/help-requests').set(as(full)).send({ topic: 'vouchers', message: '   ', channel: 'email', email: 'a@b.example' }).expect(400)
    await ctx.http().post('/api/v1/firm/help-requests').set(as(full)).send({ topic: 'nope', message: 'aiuto', channel: 'email', email: 'a@b.example' }).expect(400)
    await ctx.http().post('/api/v1/firm/help-requests').set(as(full)).send({ topic: 'other', message: 'a\u0000b', channel: 'email', email: 'a@b.example' }).expect(400)
    expect(await ctx.db.selectFrom('help_request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(before)
  })
})

describe('help requests', () => {
  it('the firm asks; it lands on the timeline and in the work queue; a promoter takes and closes it; the firm sees the outcome', async () => {
    const asked = await ctx.http().post('/api/v1/firm/help-requests').set(as(assessmentOnly))
      .send({ topic: 'assessment', message: 'Vorremmo capire il report', channel: 'phone', phone: '+39 02 1234567', origin: 'assessment_report' }).expect(201)
    expect(asked.body).toMatchObject({ firmId, status: 'open', origin: 'assessment_report', phone: '+39 02 1234567', email: null })
    const events = await ctx.db.selectFrom('timeline_event').select(['type', 'summary']).where('firm_id', '=', firmId).where('type', '=', 'help_request').execute()
    expect(events).toHaveLength(1)
    expect(events[0]!.summary).toContain('Vorremmo capire il report')

    const work = await ctx.http().get(`/api/v1/chambers/${milano}/work`).set(promoter).expect(200)
    expect(work.body.items.find((i: { kind: string }) => i.kind === 'help_requests')).toMatchObject({ count: 1, route: 'help-requests' })

    const list = await ctx.http().get(`/api/v1/chambers/${milano}/help-requests`).set(promoter).expect(200)
    expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.id, firmName: 'Officina Rossi Srl', status: 'open' })])
    // Another chamber's staff see none of it.
    const bergamoPromoter = { authorization: (await userAuth(ctx, 'digital_promoter', bergamo)).authorization }
    await ctx.http().get(`/api/v1/chambers/${milano}/help-requests`).set(bergamoPromoter).expect(403)
    await ctx.http().post(`/api/v1/chambers/${bergamo}/help-requests/${asked.body.id}/take`).set(bergamoPromoter).expect(404)

    const taken = await ctx.http().post(`/api/v1/chambers/${milano}/help-requests/${asked.body.id}/take`).set(promoter).expect(200)
    expect(taken.body).toMatchObject({ status: 'taken', takenBy: { id: promoterId } })
    await ctx.http().post(`/api/v1/chambers/${milano}/help-requests/${asked.body.id}/take`).set(promoter).expect(409)
    await ctx.http().post(`/api/v1/chambers/${milano}/help-requests/${asked.body.id}/close`).set(promoter).send({ outcome: '  ' }).expect(400)
    const closed = await ctx.http().post(`/api/v1/chambers/${milano}/help-requests/${asked.body.id}/close`).set(promoter)
      .send({ outcome: 'Chiamata fatta, appuntamento il 12' }).expect(200)
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'Chiamata fatta, appuntamento il 12' })
    await ctx.http().post(`/api/v1/chambers/${milano}/help-requests/${asked.body.id}/close`).set(promoter).send({ outcome: 'di nuovo' }).expect(409)
    expect((await auditEntries(ctx, 'crm.help_request.closed')).length).toBe(1)
    expect((await auditEntries(ctx, 'crm.help_request.taken')).length).toBe(1)

    const mine = await ctx.http().get('/api/v1/firm/help-requests').set(as(full)).expect(200)
    expect(mine.body.items[0]).toMatchObject({ id: asked.body.id, status: 'closed', outcome: 'Chiamata fatta, appuntamento il 12' })
    const theirs = await ctx.http().get('/api/v1/firm/help-requests').set(as(other)).expect(200)
    expect(theirs.body.items).toEqual([])
    const after = await ctx.http().get(`/api/v1/chambers/${milano}/work`).set(promoter).expect(200)
    expect(after.body.items.find((i: { kind: string }) => i.kind === 'help_requests')).toMatchObject({ count: 0 })
  })

  it("a firm's events and plan are its own", async () => {
    const event = await ctx.db.insertInto('ec_event').values({ chamber_id: milano, kind: 'seminar', title: 'Cloud per le PMI',
      starts_at: new Date('2026-03-10T09:00:00Z'), ends_at: new Date('2026-03-10T11:00:00Z'), venue: 'Sala PID', capacity: 30, themes: [], speakers: JSON.stringify([]) })
      .returning('id').executeTakeFirstOrThrow()
    for (const [firm, contact, tag] of [[firmId, contactId, 'a'], [otherFirmId, otherContactId, 'b']] as const) {
      await ctx.db.insertInto('ec_registration').values({ event_id: event.id, chamber_id: milano, firm_id: firm, contact_id: contact, status: 'confirmed',
        token_hash: `hash-${tag}`, checked_in_at: firm === firmId ? new Date() : null }).execute()
    }
    const ev = await ctx.http().get('/api/v1/firm/events').set(as(full)).expect(200)
    expect(ev.body.items).toEqual([expect.objectContaining({ person: 'Anna Verdi', status: 'confirmed', attended: true,
      event: expect.objectContaining({ title: 'Cloud per le PMI', venue: 'Sala PID', online: false }) })])
    expect((await ctx.http().get('/api/v1/firm/events').set(as(other)).expect(200)).body.items).toEqual([expect.objectContaining({ attended: false })])
    const plan = await ctx.http().get('/api/v1/firm/assessment/plan').set(as(full)).expect(200)
    expect(plan.body.items).toEqual([])
  })
})
