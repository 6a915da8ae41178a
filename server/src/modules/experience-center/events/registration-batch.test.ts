import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicRegistrationBody, RegistrationOutcome } from '@pid/shared'
import { systemContext } from '../../../core/audit.ts'
import { HttpError } from '../../../core/errors.ts'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { fakeVat } from '../../../../test/crm-factories.ts'
import { makeEvent, makeRegistration } from '../../../../test/experience-factories.ts'
import { EventMails } from './mails.ts'
import { registerAll, type BatchDeps } from './registration-batch.ts'
import type { Pending, RegistrationAnswer } from './registration-queue.ts'

let ctx: TestContext
let milano: number
let deps: BatchDeps
beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  const secret = ctx.config.jwtSecret
  deps = { db: ctx.db, crm: ctx.app.crm, secret, webhooks: ctx.app.webhooks, mails: new EventMails({ mailer: ctx.app.mailer, crm: ctx.app.crm, secret, publicUrl: ctx.config.publicUrl }) }
})
afterAll(async () => { await ctx.close() })

let serial = 0
const person = (over: Partial<PublicRegistrationBody> = {}): PublicRegistrationBody => {
  serial += 1
  return { firmCode: fakeVat(), firmName: `Impresa ${serial} S.r.l.`, firstName: 'Anna', lastName: `Neri ${serial}`,
    email: `anna.${serial}.${Date.now()}@example.it`, consents: ['events'], consentTextVersion: 'eventi-2026-01', privacyAcknowledged: true, ...over }
}
const register = (eventId: number, body: object) => ctx.http().post(`/api/v1/public/experience/events/${eventId}/registrations`).send(body)
const seatsOf = async (id: number) => (await ctx.db.selectFrom('ec_event').select('seats_taken').where('id', '=', id).executeTakeFirstOrThrow()).seats_taken

/** A batch as the queue hands it over, in this order; each item's answer or error. */
async function batchOf(items: { eventId: number; body: PublicRegistrationBody }[]): Promise<(RegistrationAnswer | Error)[]> {
  const pending: Pending[] = items.map(({ eventId, body }, i) => ({
    input: { eventId, body, firmCode: body.firmCode.trim(), ctx: systemContext(`batch-${i}`) }, resolve: () => {}, reject: () => {},
  }))
  const results = await registerAll(deps, pending, () => {})
  return pending.map((p) => results.get(p)!)
}
const outcome = (r: RegistrationAnswer | Error | undefined) => (r as RegistrationAnswer).outcome

describe('registrations in batches', () => {
  it('40 at once over HTTP for 10 places: the 10 first arrived confirmed, 30 waitlisted in order, answers agree with the database', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 10 })
    const people = Array.from({ length: 40 }, () => person())
    const answers = await Promise.all(people.map((p) => register(id, p)))
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201))
    const rows = await ctx.db.selectFrom('ec_registration as r').innerJoin('contact as c', 'c.id', 'r.contact_id')
      .select(['r.id', 'r.status', 'c.email']).where('r.event_id', '=', id).orderBy('r.id').execute()
    expect(rows.map((r) => r.status)).toEqual([...Array(10).fill('confirmed'), ...Array(30).fill('waitlisted')])
    const place = new Map(rows.filter((r) => r.status === 'waitlisted').map((r, i) => [r.email, i + 1]))
    people.forEach((p, i) => {
      const o = answers[i]!.body as RegistrationOutcome
      expect(o.status).toBe(rows.find((r) => r.email === p.email)!.status)
      expect(o.waitlistPosition).toBe(place.get(p.email) ?? null)
    })
    expect(await seatsOf(id)).toBe(10)
    expect(await ctx.db.selectFrom('mail_outbox').select('id').where('to_address', 'in', people.map((p) => p.email)).execute()).toHaveLength(40)
  })

  it('gives the places in the batch\'s order and answers a person twice in one batch, or already registered, with the one registration', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 3 })
    const before = await makeRegistration(ctx.db, id, { status: 'waitlisted' })
    const known = await ctx.db.selectFrom('contact as c').innerJoin('firm as f', 'f.id', 'c.firm_id').select(['c.email', 'f.tax_code'])
      .where('c.id', '=', before.contactId).executeTakeFirstOrThrow()
    const [a, b, c, d] = [person(), person(), person(), person()]
    const answers = await batchOf([a, b, { ...a, email: a.email.toUpperCase(), firstName: 'A.' },
      person({ firmCode: known.tax_code!, email: known.email! }), c, d].map((body) => ({ eventId: id, body })))
    expect(answers.map((r) => (r as RegistrationAnswer).created)).toEqual([true, true, false, false, true, true])
    expect(answers.map((r) => outcome(r).status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'confirmed', 'waitlisted'])
    expect(answers.map((r) => outcome(r).alreadyRegistered)).toEqual([false, false, true, true, false, false])
    expect(outcome(answers[3]).waitlistPosition).toBe(1)
    expect(outcome(answers[5]).waitlistPosition).toBe(2)
    expect(await seatsOf(id)).toBe(3)
    const regs = await ctx.db.selectFrom('ec_registration').select(['id', 'status']).where('event_id', '=', id).orderBy('id').execute()
    expect(regs.map((r) => r.status)).toEqual(['waitlisted', 'confirmed', 'confirmed', 'confirmed', 'waitlisted'])
    const consents = await ctx.db.selectFrom('consent').innerJoin('contact', 'contact.id', 'consent.contact_id').select('consent.id')
      .where('contact.email', '=', a.email).execute()
    expect(consents).toHaveLength(1)
    const audits = await ctx.db.selectFrom('audit_log').select(['request_id']).where('action', '=', 'experience.registration.created')
      .where('entity_id', 'in', regs.slice(1).map((r) => String(r.id))).orderBy('entity_id').execute()
    expect(audits.map((r) => r.request_id)).toEqual(['batch-0', 'batch-1', 'batch-4', 'batch-5'])
  })

  it('a bad firm code among good registrations fails only its own request (400), before any batch', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 5 })
    const bodies = [person(), person(), person({ firmCode: '12345678901' }), person(), person()]
    const answers = await Promise.all(bodies.map((b) => register(id, b)))
    expect(answers.map((a) => a.status)).toEqual([201, 201, 400, 201, 201])
    expect(answers[2]!.body.errors).toEqual([expect.objectContaining({ path: '/firmCode', code: 'invalid_firm_code' })])
    expect(await seatsOf(id)).toBe(4)
  })

  it('a batch that fails as a whole is retried one by one: the others commit, the failing one alone gets its error', async () => {
    const { id } = await makeEvent(ctx.db, milano, { capacity: 5 })
    const closed = await makeEvent(ctx.db, milano, { status: 'cancelled' })
    // A NUL byte the routes refuse, here past them: PostgreSQL refuses the text, the whole transaction fails.
    const answers = await batchOf([{ eventId: id, body: person() }, { eventId: id, body: person({ firmName: 'Rotta\u0000 S.r.l.' }) },
      { eventId: id, body: person() }, { eventId: closed.id, body: person() }])
    expect(outcome(answers[0]).status).toBe('confirmed')
    expect(answers[1]).toBeInstanceOf(Error)
    expect(answers[1]).not.toBeInstanceOf(HttpError)
    expect(outcome(answers[2]).status).toBe('confirmed')
    expect(answers[3]).toMatchObject({ statusCode: 409, code: 'experience_event_cancelled' })
    expect(await seatsOf(id)).toBe(2)
    expect(await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', id).execute()).toHaveLength(2)
  })
})
