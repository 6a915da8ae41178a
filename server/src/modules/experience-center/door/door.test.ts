import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { twoChamberContext, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeEvent, makeRegistration } from '../../../../test/experience-factories.ts'
import { fakeVat } from '../../../../test/crm-factories.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let auth: Auth

beforeAll(async () => { ({ ctx, milano, bergamo, auth } = await twoChamberContext('promotore@pid.example')) })
afterAll(async () => { await ctx.close() })

const doorUrl = (eventId: number, chamber = milano) => `/api/v1/chambers/${chamber}/experience/events/${eventId}/door`
const checkin = (eventId: number, body: Record<string, unknown>) => ctx.http().post(`${doorUrl(eventId)}/checkins`).set(auth).send(body)
const firm = (id: number) => ctx.db.selectFrom('firm').select(['stage']).where('id', '=', id).executeTakeFirstOrThrow()
const timeline = (firmId: number) => ctx.db.selectFrom('timeline_event').select(['type', 'summary', 'details']).where('firm_id', '=', firmId).orderBy('id').execute()
const checkins = (registrationId: number) => ctx.db.selectFrom('ec_checkin').select('id').where('registration_id', '=', registrationId).execute()
const walkInBody = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(), firmCode: fakeVat(), firmName: 'Bottega Nuova S.r.l.', firstName: 'Nicolò', lastName: 'Verdi',
  email: `nicolo.${randomUUID().slice(0, 8)}@example.it`, consents: ['service', 'events'], ...over,
})

describe('check-in at the door', () => {
  it('lists the registrations and finds one by name, firm or e-mail, accents aside', async () => {
    const event = await makeEvent(ctx.db, milano)
    const reg = await makeRegistration(ctx.db, event.id)
    await makeRegistration(ctx.db, event.id, { status: 'waitlisted' })
    const all = await ctx.http().get(doorUrl(event.id)).set(auth).expect(200)
    expect(all.body.items).toHaveLength(2)
    expect(all.body.event).toMatchObject({ id: event.id, capacity: 30 })
    const found = await ctx.http().get(doorUrl(event.id)).query({ q: `bianchi giulia.${reg.firmId}@example.it` }).set(auth).expect(200)
    expect(found.body.items.map((e: { id: number }) => e.id)).toEqual([reg.id])
    const firmName = all.body.items[0].firmName as string
    const byFirm = await ctx.http().get(doorUrl(event.id)).query({ q: firmName.toUpperCase() }).set(auth).expect(200)
    expect(byFirm.body.items.map((e: { firmName: string }) => e.firmName)).toEqual([firmName])
    const accents = await ctx.http().get(doorUrl(event.id)).query({ q: 'GIÙLIA' }).set(auth).expect(200)
    expect(accents.body.items).toHaveLength(2)
  })

  it('checks in by QR token once: a retry with the same id answers the same and writes nothing; another id answers already checked in', async () => {
    const event = await makeEvent(ctx.db, milano)
    const reg = await makeRegistration(ctx.db, event.id)
    const id = randomUUID()
    const first = await checkin(event.id, { id, token: reg.token }).expect(200)
    expect(first.body).toMatchObject({ id, outcome: 'checked_in', entry: { id: reg.id, personName: 'Giulia Bianchi' } })
    const retry = await checkin(event.id, { id, token: reg.token }).expect(200)
    expect(retry.body).toMatchObject({ id, outcome: 'checked_in', entry: { id: reg.id } })
    const other = await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(200)
    expect(other.body.outcome).toBe('already_checked_in')
    expect(await checkins(reg.id)).toHaveLength(1)
    expect((await timeline(reg.firmId)).filter((t) => t.type === 'event_attendance')).toHaveLength(1)
  })

  it('two devices checking the same person in at once: exactly one check-in, one attendance', async () => {
    const event = await makeEvent(ctx.db, milano)
    const reg = await makeRegistration(ctx.db, event.id)
    const results = await Promise.all([0, 1, 2, 3].map(() => checkin(event.id, { id: randomUUID(), registrationId: reg.id })))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(results.filter((r) => r.body.outcome === 'checked_in')).toHaveLength(1)
    expect(await checkins(reg.id)).toHaveLength(1)
    expect((await timeline(reg.firmId)).filter((t) => t.type === 'event_attendance')).toHaveLength(1)
    // the same id sent twice at once (a retry racing the first): one check-in, both answered checked_in
    const reg2 = await makeRegistration(ctx.db, event.id)
    const same = randomUUID()
    const twice = await Promise.all([checkin(event.id, { id: same, registrationId: reg2.id }), checkin(event.id, { id: same, registrationId: reg2.id })])
    expect(twice.map((r) => r.body.outcome)).toEqual(['checked_in', 'checked_in'])
    expect(await checkins(reg2.id)).toHaveLength(1)
  })

  it('puts the attendance on the firm\'s timeline and moves its stage to informed; a workshop to stage 5', async () => {
    const event = await makeEvent(ctx.db, milano, { title: 'Negozi intelligenti' })
    const reg = await makeRegistration(ctx.db, event.id)
    expect((await firm(reg.firmId)).stage).toBe(0)
    await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(200)
    expect((await firm(reg.firmId)).stage).toBe(1)
    expect(await timeline(reg.firmId)).toContainEqual(expect.objectContaining({ type: 'event_attendance', summary: 'Presenza al seminario «Negozi intelligenti»' }))
    const lab = await makeEvent(ctx.db, milano, { kind: 'living_lab' })
    const labReg = await makeRegistration(ctx.db, lab.id)
    await checkin(lab.id, { id: randomUUID(), registrationId: labReg.id }).expect(200)
    expect((await firm(labReg.firmId)).stage).toBe(5)
  })

  it('undoing a check-in corrects the timeline and puts the stage back; a second undo is 409', async () => {
    const event = await makeEvent(ctx.db, milano)
    const reg = await makeRegistration(ctx.db, event.id)
    await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(200)
    const undone = await ctx.http().delete(`${doorUrl(event.id)}/registrations/${reg.id}/checkin`).set(auth).expect(200)
    expect(undone.body.checkedInAt).toBeNull()
    expect((await firm(reg.firmId)).stage).toBe(0)
    expect((await timeline(reg.firmId)).map((t) => t.type)).toEqual(['event_attendance', 'note', 'stage_change'])
    const again = await ctx.http().delete(`${doorUrl(event.id)}/registrations/${reg.id}/checkin`).set(auth).expect(409)
    expect(again.body.code).toBe('door_not_checked_in')
    // checked in again later: a new check-in and a new attendance
    await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(200)
    expect((await firm(reg.firmId)).stage).toBe(1)
  })

  it('refuses waitlisted registrations with a clear code; an unknown token is 404; neither id nor token is 400', async () => {
    const event = await makeEvent(ctx.db, milano)
    const waiting = await makeRegistration(ctx.db, event.id, { status: 'waitlisted' })
    const res = await checkin(event.id, { id: randomUUID(), registrationId: waiting.id }).expect(409)
    expect(res.body).toMatchObject({ code: 'door_not_admitted', params: { registrationStatus: 'waitlisted' } })
    await checkin(event.id, { id: randomUUID(), token: 'x'.repeat(43) }).expect(404)
    const none = await checkin(event.id, { id: randomUUID() }).expect(400)
    expect(none.body.code).toBe('door_token_or_id')
    await checkin(event.id, { id: 'not-a-uuid', registrationId: waiting.id }).expect(400)
    expect(await ctx.db.selectFrom('ec_checkin').select('id').where('registration_id', '=', waiting.id).execute()).toEqual([])
  })

  it('takes a batch queued offline: each item its own result', async () => {
    const event = await makeEvent(ctx.db, milano)
    const a = await makeRegistration(ctx.db, event.id)
    const b = await makeRegistration(ctx.db, event.id)
    const waiting = await makeRegistration(ctx.db, event.id, { status: 'waitlisted' })
    const already = randomUUID()
    await checkin(event.id, { id: already, registrationId: b.id }).expect(200)
    const items = [
      { id: randomUUID(), token: a.token }, { id: already, registrationId: b.id }, { id: randomUUID(), registrationId: b.id },
      { id: randomUUID(), registrationId: waiting.id }, { id: randomUUID(), token: 'y'.repeat(43) },
    ]
    const res = await ctx.http().post(`${doorUrl(event.id)}/checkins/batch`).set(auth).send({ items }).expect(200)
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['checked_in', 'checked_in', 'already_checked_in', 'not_admitted', 'not_found'])
    expect(res.body.results[3].status).toBe('waitlisted')
    const again = await ctx.http().post(`${doorUrl(event.id)}/checkins/batch`).set(auth).send({ items: items.slice(0, 1) }).expect(200)
    expect(again.body.results[0].outcome).toBe('checked_in')
    expect(await checkins(a.id)).toHaveLength(1)
  })

  it('another chamber\'s event is a 404, and its staff are refused here', async () => {
    const event = await makeEvent(ctx.db, bergamo)
    const reg = await makeRegistration(ctx.db, event.id)
    await ctx.http().get(doorUrl(event.id)).set(auth).expect(404)
    await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(404)
    await ctx.http().get(doorUrl(event.id, bergamo)).set(auth).expect(403)
    expect(await checkins(reg.id)).toEqual([])
  })
})

describe('walk-ins', () => {
  it('registers a walk-in: a new prospect, confirmed and checked in, source walk_in; the same id again writes nothing', async () => {
    const event = await makeEvent(ctx.db, milano)
    const body = walkInBody()
    const res = await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(body).expect(201)
    expect(res.body).toMatchObject({ outcome: 'checked_in', entry: { source: 'walk_in', status: 'confirmed', firmName: 'Bottega Nuova S.r.l.', personName: 'Nicolò Verdi' } })
    expect(res.body.entry.checkedInAt).not.toBeNull()
    await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(body).expect(201)
    const regs = await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).execute()
    expect(regs).toHaveLength(1)
    expect((await firm(res.body.entry.firmId)).stage).toBe(1)
  })

  it('the last place goes to one of two walk-ins arriving at once; the other gets 409 event_full', async () => {
    const event = await makeEvent(ctx.db, milano, { capacity: 2 })
    await makeRegistration(ctx.db, event.id)
    const both = await Promise.all([0, 1].map(() => ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(walkInBody())))
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(both.find((r) => r.status === 409)!.body.code).toBe('event_full')
    const row = await ctx.db.selectFrom('ec_event').select(['seats_taken']).where('id', '=', event.id).executeTakeFirstOrThrow()
    expect(row.seats_taken).toBe(2)
    expect(await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).execute()).toHaveLength(2)
  })

  it('bad input is a 400 and writes nothing', async () => {
    const event = await makeEvent(ctx.db, milano)
    const res = await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(walkInBody({ firmCode: '12345678901' })).expect(400)
    expect(res.body.errors[0].path).toBe('/firmCode')
    await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(walkInBody({ email: 'nope' })).expect(400)
    expect(await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).execute()).toEqual([])
    expect((await ctx.db.selectFrom('ec_event').select('seats_taken').where('id', '=', event.id).executeTakeFirstOrThrow()).seats_taken).toBe(0)
  })

  it('someone already registered who fills the walk-in form is checked in on their registration; a waitlisted one takes a free place', async () => {
    const event = await makeEvent(ctx.db, milano, { capacity: 3 })
    const reg = await makeRegistration(ctx.db, event.id)
    const firmRow = await ctx.db.selectFrom('firm').select(['tax_code', 'name']).where('id', '=', reg.firmId).executeTakeFirstOrThrow()
    const body = walkInBody({ firmCode: firmRow.tax_code, firmName: firmRow.name, firstName: 'Giulia', lastName: 'Bianchi', email: `giulia.${reg.firmId}@example.it` })
    const res = await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(body).expect(201)
    expect(res.body.entry).toMatchObject({ id: reg.id, source: 'public' })
    const waiting = await makeRegistration(ctx.db, event.id, { status: 'waitlisted' })
    const wf = await ctx.db.selectFrom('firm').select(['tax_code', 'name']).where('id', '=', waiting.firmId).executeTakeFirstOrThrow()
    const promoted = await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth)
      .send(walkInBody({ firmCode: wf.tax_code, firmName: wf.name, email: `giulia.${waiting.firmId}@example.it` })).expect(201)
    expect(promoted.body.entry).toMatchObject({ id: waiting.id, status: 'confirmed' })
    expect(await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).execute()).toHaveLength(2)
    expect((await ctx.db.selectFrom('ec_event').select('seats_taken').where('id', '=', event.id).executeTakeFirstOrThrow()).seats_taken).toBe(2)
  })

  it('counts walk-ins and the new prospects they bring in the event\'s figures', async () => {
    const event = await makeEvent(ctx.db, milano)
    await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(walkInBody()).expect(201)
    const f = await ctx.http().get(`/api/v1/chambers/${milano}/experience/events/${event.id}/figures`).set(auth).expect(200)
    expect(f.body.attendance).toMatchObject({ attended: 1, walkIns: 1, newProspects: 1, confirmed: 1 })
  })

  it('a cancelled event takes no check-in', async () => {
    const event = await makeEvent(ctx.db, milano)
    const reg = await makeRegistration(ctx.db, event.id)
    await ctx.db.updateTable('ec_event').set({ status: 'cancelled' }).where('id', '=', event.id).execute()
    const res = await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(409)
    expect(res.body.code).toBe('door_event_cancelled')
    await ctx.http().post(`${doorUrl(event.id)}/walk-ins`).set(auth).send(walkInBody()).expect(409)
    expect(await checkins(reg.id)).toEqual([])
  })

  it('undoing a workshop check-in notes the mistake and asks staff to review the stage (the stage before is unknown)', async () => {
    const event = await makeEvent(ctx.db, milano, { kind: 'workshop' })
    const reg = await makeRegistration(ctx.db, event.id)
    await checkin(event.id, { id: randomUUID(), registrationId: reg.id }).expect(200)
    expect((await firm(reg.firmId)).stage).toBe(5)
    await ctx.http().delete(`${doorUrl(event.id)}/registrations/${reg.id}/checkin`).set(auth).expect(200)
    const notes = (await timeline(reg.firmId)).filter((t) => t.type === 'note')
    expect(notes).toEqual([expect.objectContaining({ summary: expect.stringContaining('verificare lo stadio') })])
  })
})
