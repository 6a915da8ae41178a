import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { PersonalRegistration, RegistrationList, RegistrationOutcome, StaffEvent } from '@pid/shared'
import { bearer, chamberId, createTestContext, login, makeUser, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat } from '../../../../test/crm-factories.ts'
import { makeEvent } from '../../../../test/experience-factories.ts'
import { OFFER_EXPIRY_JOB } from './waitlist.ts'
import { sendReminders } from './jobs.ts'
import { EventMails } from './mails.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let staff: Auth
let otherStaff: Auth
const DAY = 24 * 3600_000

const auth = async (role: Parameters<typeof makeUser>[1], scope: Parameters<typeof makeUser>[2] = {}) =>
  bearer((await login(ctx, (await makeUser(ctx.db, role, scope)).email)).token)

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  staff = await auth('digital_coordinator', { chamberId: milano })
  otherStaff = await auth('digital_coordinator', { chamberId: bergamo })
})
afterAll(async () => { await ctx.close() })

const staffUrl = (chamber = milano) => `/api/v1/chambers/${chamber}/experience/events`
let personSerial = 0
const person = (over: Record<string, unknown> = {}) => {
  personSerial += 1
  return { firmCode: fakeVat(), firmName: `Impresa ${personSerial} S.r.l.`, firstName: 'Maria', lastName: `Rossi ${personSerial}`,
    email: `maria.${personSerial}.${Date.now()}@example.it`, consents: ['events'], consentTextVersion: 'eventi-2026-01', privacyAcknowledged: true, ...over }
}
const register = (eventId: number, body: object) => ctx.http().post(`/api/v1/public/experience/events/${eventId}/registrations`).send(body)
const registrations = async (eventId: number) =>
  ((await ctx.http().get(`${staffUrl()}/${eventId}/registrations`).set(staff).expect(200)).body as RegistrationList).items

/** The personal link of a registration, from the mail the outbox holds for its person. */
async function linkFor(email: string): Promise<string> {
  const mail = await ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow()
  return /\/pubblico\/iscrizioni\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!
}
const personal = async (token: string) => (await ctx.http().get(`/api/v1/public/experience/registrations/${token}`).expect(200)).body as PersonalRegistration

const eventBody = (over: Record<string, unknown> = {}) => ({
  kind: 'workshop', title: 'Stampa 3D per artigiani', summary: 'Dimostrazione; prove, domande', startsAt: new Date(Date.now() + 5 * DAY).toISOString(),
  endsAt: new Date(Date.now() + 5 * DAY + 3 * 3600_000).toISOString(), venue: 'Experience centre', address: 'Via Meravigli 9/b, Milano',
  capacity: 2, themes: ['additive_manufacturing'], speakers: [{ name: 'Luca Verdi', organisation: 'Politecnico' }], partnerIds: [], ...over,
})

describe('staff: the calendar and the editor', () => {
  it('creates a draft, publishes it, lists and reads it with counts; audited', async () => {
    const created = (await ctx.http().post(staffUrl()).set(staff).send(eventBody()).expect(201)).body as StaffEvent
    expect(created).toMatchObject({ status: 'draft', capacity: 2, counts: { confirmed: 0, waitlisted: 0, seatsTaken: 0 } })
    await ctx.http().get(`/api/v1/public/experience/events/${created.id}`).expect(404)
    await register(created.id, person()).expect(404)
    const published = (await ctx.http().post(`${staffUrl()}/${created.id}/publish`).set(staff).expect(200)).body as StaffEvent
    expect(published.status).toBe('published')
    const list = (await ctx.http().get(staffUrl()).query({ status: 'published', kind: 'workshop' }).set(staff).expect(200)).body
    expect(list.items.map((e: { id: number }) => e.id)).toContain(created.id)
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(created.id)).where('entity', '=', 'ec_event').execute()
    expect(audits.map((a) => a.action).sort()).toEqual(['experience.event.created', 'experience.event.published'])
  })

  it("another chamber's event is 404 for staff; another chamber's staff are 403 on this chamber", async () => {
    const { id } = await makeEvent(ctx.db, milano)
    await ctx.http().get(`${staffUrl(bergamo)}/${id}`).set(otherStaff).expect(404)
    await ctx.http().get(`${staffUrl(bergamo)}/${id}/registrations`).set(otherStaff).expect(404)
    await ctx.http().get(`${staffUrl()}/${id}`).set(otherStaff).expect(403)
  })

  it('bad input is a 400 with field errors and writes nothing', async () => {
    const before = await ctx.db.selectFrom('ec_event').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    const res = await ctx.http().post(staffUrl()).set(staff).send(eventBody({ endsAt: new Date(Date.now()).toISOString() })).expect(400)
    expect(res.body.errors[0].path).toBe('/endsAt')
    await ctx.http().post(staffUrl()).set(staff).send(eventBody({ capacity: 0 })).expect(400)
    await ctx.http().post(staffUrl()).set(staff).send(eventBody({ venue: undefined, address: undefined })).expect(400)
    await ctx.http().post(staffUrl()).set(staff).send(eventBody({ partnerIds: [999999] })).expect(400)
    const after = await ctx.db.selectFrom('ec_event').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('lowering the capacity below the seats taken is 409; raising it offers the new places to the waitlist', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 1 })
    const a = person(); const b = person()
    expect((await register(id, a).expect(201)).body.status).toBe('confirmed')
    expect((await register(id, b).expect(201)).body.status).toBe('waitlisted')
    const refused = await ctx.http().patch(`${staffUrl()}/${id}`).set(staff).send({ capacity: 1, title: 'x' }).expect(200)
    expect(refused.body.capacity).toBe(1)
    await ctx.http().post(`${staffUrl()}/${id}/registrations/${(await registrations(id))[0]!.id}/cancel`).set(staff).expect(204)
    // b was offered the place; lowering to 0 is refused by the schema, so lower another way: two seats, raise, then lower to 1 with 2 taken.
    const c = person()
    await register(id, c).expect(201)
    const raised = (await ctx.http().patch(`${staffUrl()}/${id}`).set(staff).send({ capacity: 2 }).expect(200)).body as StaffEvent
    expect(raised.counts).toMatchObject({ offered: 2, waitlisted: 0, seatsTaken: 2 })
    const low = await ctx.http().patch(`${staffUrl()}/${id}`).set(staff).send({ capacity: 1 }).expect(409)
    expect(low.body).toMatchObject({ code: 'experience_capacity_below_taken', params: { seatsTaken: 2 } })
  })

  it('cancelling an event cancels its registrations and mails them', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 1 })
    const a = person(); const b = person()
    await register(id, a).expect(201)
    await register(id, b).expect(201)
    const done = (await ctx.http().post(`${staffUrl()}/${id}/cancel`).set(staff).expect(200)).body as StaffEvent
    expect(done).toMatchObject({ status: 'cancelled', counts: { cancelled: 2, seatsTaken: 0 } })
    const mails = await ctx.db.selectFrom('mail_outbox').select('subject').where('to_address', 'in', [a.email, b.email]).execute()
    expect(mails.filter((m) => m.subject.startsWith('Evento annullato'))).toHaveLength(2)
    expect((await register(id, person()).expect(409)).body.code).toBe('experience_event_cancelled')
  })
})

describe('public registration', () => {
  it('40 registrations at once for 10 places: exactly 10 confirmed, 30 waitlisted in arrival order, none lost', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 10 })
    const people = Array.from({ length: 40 }, () => person())
    const answers = await Promise.all(people.map((p) => register(id, p)))
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201))
    const statuses = answers.map((a) => (a.body as RegistrationOutcome).status)
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(10)
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(30)
    expect(answers.filter((a) => a.body.status === 'waitlisted').map((a) => a.body.waitlistPosition).every((n) => n >= 1 && n <= 30)).toBe(true)
    const list = await registrations(id)
    expect(list).toHaveLength(40)
    const waiting = list.filter((r) => r.status === 'waitlisted')
    expect(waiting.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(waiting.map((r) => r.id)).toEqual([...waiting.map((r) => r.id)].sort((x, y) => x - y))
    const event = await ctx.db.selectFrom('ec_event').select(['seats_taken']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(event.seats_taken).toBe(10)
  })

  it('the same person twice answers the first registration and takes no second seat (also at the same moment)', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 5 })
    const p = person()
    const [one, two] = await Promise.all([register(id, p), register(id, p)])
    expect([one.status, two.status].sort()).toEqual([200, 201])
    const again = await register(id, { ...p, firmCode: p.firmCode, email: p.email.toUpperCase() }).expect(200)
    expect(again.body).toMatchObject({ status: 'confirmed', alreadyRegistered: true })
    expect(await registrations(id)).toHaveLength(1)
    const event = await ctx.db.selectFrom('ec_event').select(['seats_taken']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(event.seats_taken).toBe(1)
    const consent = await ctx.db.selectFrom('consent').innerJoin('contact', 'contact.id', 'consent.contact_id')
      .select(['consent.purpose', 'consent.text_version']).where('contact.email', '=', p.email).execute()
    expect(consent).toEqual([{ purpose: 'events', text_version: 'eventi-2026-01' }])
  })

  it('bad input is 400 and writes nothing; closed, past and cancelled events are 409 with codes', async () => {
    const { id } = await makeEvent(ctx.db, milano)
    const firms = async () => (await ctx.db.selectFrom('firm').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n
    const before = await firms()
    await register(id, person({ firmCode: '12345678901' })).expect(400)
    await register(id, person({ email: 'not-an-email' })).expect(400)
    await register(id, person({ privacyAcknowledged: false })).expect(400)
    await register(id, person({ consents: ['marketing'] })).expect(400)
    expect(await firms()).toBe(before)
    expect(await registrations(id)).toHaveLength(0)
    const closed = await makeEvent(ctx.db, milano, { registration_closes_at: new Date(Date.now() - 1000) })
    expect((await register(closed.id, person()).expect(409)).body.code).toBe('experience_registration_closed')
    const past = await makeEvent(ctx.db, milano, { starts_at: new Date(Date.now() - DAY), ends_at: new Date(Date.now() - DAY + 3600_000) })
    expect((await register(past.id, person()).expect(409)).body.code).toBe('experience_event_past')
  })

  it('the confirmation mail carries the personal link; the page shows the QR code and cancels', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 3 })
    const p = person()
    await register(id, p).expect(201)
    const mail = await ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', p.email).executeTakeFirstOrThrow()
    expect(mail.subject).toMatch(/^Iscrizione confermata/)
    const token = await linkFor(p.email)
    const page = await personal(token)
    expect(page).toMatchObject({ status: 'confirmed', event: { id, placesLeft: 2 } })
    expect(page.qrCode).toMatch(/^data:image\/png;base64,/)
    await ctx.http().get('/api/v1/public/experience/registrations/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').expect(404)
    const cancelled = (await ctx.http().post(`/api/v1/public/experience/registrations/${token}/cancel`).expect(200)).body as PersonalRegistration
    expect(cancelled.status).toBe('cancelled')
    await ctx.http().post(`/api/v1/public/experience/registrations/${token}/cancel`).expect(200)
  })
})

describe('the waitlist', () => {
  it('a cancellation offers the place to the first waitlisted, who confirms; an expired offer moves on to the next', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 1, offer_hours: 2 })
    const [a, b, c] = [person(), person(), person()]
    for (const p of [a, b, c]) await register(id, p).expect(201)
    const [ta, tb, tc] = [await linkFor(a.email), await linkFor(b.email), await linkFor(c.email)]
    expect((await personal(tc)).waitlistPosition).toBe(2)
    await ctx.http().post(`/api/v1/public/experience/registrations/${ta}/cancel`).expect(200)
    const offered = await personal(tb)
    expect(offered.status).toBe('offered')
    expect(new Date(offered.offerExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 1.9 * 3600_000)
    const offerMail = await ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', b.email).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(offerMail.subject).toMatch(/^Si è liberato un posto/)
    expect(offerMail.text_body).toContain(tb)
    expect((await ctx.app.jobs.pending(OFFER_EXPIRY_JOB, { eventId: id }))).toHaveLength(1)
    expect((await registrations(id)).find((r) => r.status === 'offered')?.email).toBe(b.email)
    // c confirms nothing (not offered): 409 with the code.
    expect((await ctx.http().post(`/api/v1/public/experience/registrations/${tc}/confirm`).expect(409)).body.code).toBe('experience_offer_not_open')

    // b lets the offer run out: the job (run as a worker would) expires it and offers c.
    await ctx.db.updateTable('ec_registration').set({ offer_expires_at: new Date(Date.now() - 1000) }).where('status', '=', 'offered').where('event_id', '=', id).execute()
    await ctx.app.jobs.bringForward(OFFER_EXPIRY_JOB, { eventId: id })
    await ctx.app.jobs.drain()
    expect((await personal(tb)).status).toBe('expired')
    expect((await personal(tc)).status).toBe('offered')
    // Twice is harmless (idempotent).
    await ctx.app.jobs.drain()
    const confirmed = (await ctx.http().post(`/api/v1/public/experience/registrations/${tc}/confirm`).expect(200)).body as PersonalRegistration
    expect(confirmed.status).toBe('confirmed')
    const event = await ctx.db.selectFrom('ec_event').select(['seats_taken']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(event.seats_taken).toBe(1)
  })

  it('competing cancellations give each freed place to a different waitlisted person, never more than the capacity', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 5 })
    const people = Array.from({ length: 10 }, () => person())
    for (const p of people) await register(id, p).expect(201)
    const tokens = await Promise.all(people.slice(0, 5).map((p) => linkFor(p.email)))
    await Promise.all(tokens.map((t) => ctx.http().post(`/api/v1/public/experience/registrations/${t}/cancel`).expect(200)))
    const list = await registrations(id)
    expect(list.filter((r) => r.status === 'offered').map((r) => r.email)).toEqual(people.slice(5).map((p) => p.email))
    const event = await ctx.db.selectFrom('ec_event').select(['seats_taken']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(event.seats_taken).toBe(5)
  })

  it('reminders go once to the confirmed of events starting within a day and a half', async () => {
    const soon = await makeEvent(ctx.db, milano, { starts_at: new Date(Date.now() + DAY), ends_at: new Date(Date.now() + DAY + 3600_000), capacity: 1 })
    const [a, b] = [person(), person()]
    await register(soon.id, a).expect(201)
    await register(soon.id, b).expect(201)
    const mails = new EventMails({ mailer: ctx.app.mailer, crm: ctx.app.crm, secret: ctx.config.jwtSecret, publicUrl: ctx.config.publicUrl })
    const first = await Promise.all([sendReminders(ctx.db, mails), sendReminders(ctx.db, mails)])
    expect(first[0] + first[1]).toBeGreaterThanOrEqual(1)
    const reminders = await ctx.db.selectFrom('mail_outbox').select(['to_address']).where('subject', 'like', 'Promemoria%')
      .where('to_address', 'in', [a.email, b.email]).execute()
    expect(reminders).toEqual([{ to_address: a.email }])
  })
})

describe('calendar and iCalendar', () => {
  it('the public calendar lists published events; the feed and the .ics parse with their fields', async () => {
    const { id } = await makeEvent(ctx.db, milano, { title: 'Seminario: cloud, sicurezza; e dati', summary: 'Riga uno\nRiga due, con virgola' })
    const cal = (await ctx.http().get(`/api/v1/public/chambers/${milano}/experience/events`).expect(200)).body
    expect(cal.items.map((e: { id: number }) => e.id)).toContain(id)
    const file = await ctx.http().get(`/api/v1/public/experience/events/${id}/calendar.ics`).expect(200)
    expect(file.headers['content-type']).toMatch(/^text\/calendar/)
    const text = file.text
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true)
    const unfolded = text.replace(/\r\n /g, '')
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(unfolded.replace(/\r/g, ''))?.[1]
    expect(field('BEGIN')).toBe('VCALENDAR')
    expect(field('VERSION')).toBe('2.0')
    expect(field('UID')).toBe(`ec-event-${id}@pid.test`)
    expect(field('SUMMARY')).toBe('Seminario: cloud\\, sicurezza\\; e dati')
    expect(field('DTSTART')).toMatch(/^\d{8}T\d{6}Z$/)
    expect(field('DTEND')).toMatch(/^\d{8}T\d{6}Z$/)
    expect(field('DESCRIPTION')).toContain('Riga uno\\nRiga due\\, con virgola')
    expect(field('LOCATION')).toBe('Sala conferenze\\, Via Meravigli 9/b\\, Milano')
    const feed = await ctx.http().get(`/api/v1/public/chambers/${milano}/experience/events.ics`).expect(200)
    expect(feed.text.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(1)
    expect(feed.text).toContain(`UID:ec-event-${id}@pid.test`)
  })
})
