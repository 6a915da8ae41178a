import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { randomUUID } from 'node:crypto'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from './helpers.ts'
import { makeAgreement, makeFirm, makePartner } from './crm-factories.ts'
import { makeVoucherBudget, publishedCall } from './voucher-factories.ts'
import { grant, submitted } from './voucher-eval-helpers.ts'
import { firmSession } from './firm-access-helpers.ts'
import { answersFor } from './assessment-helpers.ts'
import { makeEvent, makeRegistration } from './experience-factories.ts'
import { deliveriesOf, makeApiClient, subscribe } from './partner-api-factories.ts'
import { runReminders } from '../src/modules/crm/partners/referral-reminders.ts'

/**
 * Every module tells partners what changed (webhooks), in the transaction of the change: a client of
 * an organisation related to the firm (here: the firm registered by it), subscribed to the event,
 * finds a delivery with the event's data after the change; a subscriber of an unrelated
 * organisation finds none.
 */
let ctx: TestContext
let milano: number
let leader: Auth, promoter: Auth, coordinator: Auth
let partnerId: number
let subscription: number
let outsider: number

beforeAll(async () => {
  ctx = await createTestContext({ env: { RATE_LIMIT_MAX: '100000' } })
  milano = await chamberId(ctx.db, 'Milano')
  await makeVoucherBudget(ctx.db, milano, 100_000_000)
  leader = await demoAuth(ctx, 'leader@pid.example')
  promoter = await demoAuth(ctx, 'promotore@pid.example')
  coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  partnerId = await makePartner(ctx.db, 'Associazione Artigiani Webhook')
  await makeAgreement(ctx.db, partnerId, milano)
  const client = await makeApiClient(ctx, { chamberId: milano, partnerId, leader, scopes: ['firms:read'] })
  subscription = await subscribe(ctx.db, client.id, ['referral.created', 'referral.overdue', 'application.status_changed', 'assessment.completed',
    'event.registration.changed'])
  const other = await makePartner(ctx.db, 'Organizzazione estranea')
  await makeAgreement(ctx.db, other, milano)
  outsider = await subscribe(ctx.db, (await makeApiClient(ctx, { chamberId: milano, partnerId: other, leader, scopes: ['firms:read'] })).id,
    ['application.status_changed', 'assessment.completed', 'event.registration.changed'])
})
afterAll(async () => { await ctx.close() })

/** A firm of Milano the organisation registered: it is related to it. */
const relatedFirm = () => makeFirm(ctx.db, { registered_by_partner_id: partnerId })

describe('referrals', () => {
  it('referral.created goes to the organisation the firm is referred to, with ids and dates only', async () => {
    const firm = await makeFirm(ctx.db)
    const dueOn = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10)
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firm.id}/referrals`).set(promoter)
      .send({ partnerId, need: 'Un sito di commercio elettronico, chiedere di Mario Rossi', dueOn }).expect(201)
    const sent = (await deliveriesOf(ctx.db, subscription, 'referral.created')).filter((d) => d.data.referralId === res.body.id)
    expect(sent.map((d) => d.data)).toEqual([{ referralId: res.body.id, firmId: firm.id, chamberId: milano, partnerId, status: 'sent', dueOn }])
  })

  it('referral.overdue is sent once, the first time the daily run finds the referral overdue, not at every reminder', async () => {
    const firm = await makeFirm(ctx.db)
    const dueOn = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10)
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/firms/${firm.id}/referrals`).set(promoter)
      .send({ partnerId, need: 'Sicurezza informatica', dueOn }).expect(201)
    await sql`UPDATE referral SET due_on = current_date - 3 WHERE id = ${res.body.id}`.execute(ctx.db)
    const remind = () => runReminders(ctx.db, ctx.app.mailer, ctx.config.publicUrl, ctx.app.webhooks)
    await remind()
    await remind()
    // A week later the reminder mail goes again; the webhook does not.
    await sql`UPDATE referral SET reminded_at = now() - interval '8 days' WHERE id = ${res.body.id}`.execute(ctx.db)
    await remind()
    const reminders = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'crm.referral.reminded').where('entity_id', '=', String(res.body.id)).execute()
    expect(reminders).toHaveLength(2)
    const overdue = (await deliveriesOf(ctx.db, subscription, 'referral.overdue')).filter((d) => d.data.referralId === res.body.id)
    expect(overdue.map((d) => d.data)).toEqual([{ referralId: res.body.id, firmId: firm.id, chamberId: milano, partnerId, status: 'sent',
      dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), daysOverdue: 3 }])
  })
})

describe('voucher applications', () => {
  it('application.status_changed follows submission, the grant and a withdrawal, for the related firms only', async () => {
    const call = await publishedCall(ctx, leader, milano)
    const a = await submitted(ctx, call.id, undefined, await relatedFirm())
    const b = await submitted(ctx, call.id, undefined, await relatedFirm())
    const unrelated = await submitted(ctx, call.id)
    await grant(ctx, coordinator, milano, a.applicationId)
    await ctx.http().post(`/api/v1/firm/vouchers/applications/${b.applicationId}/withdraw`).set(b.auth).send({ reason: 'Progetto rinviato' }).expect(200)

    const moves = (await deliveriesOf(ctx.db, subscription, 'application.status_changed')).map((d) => d.data)
    const protocolOf = async (id: number) => (await ctx.db.selectFrom('voucher_application').select('protocol_number').where('id', '=', id)
      .executeTakeFirstOrThrow()).protocol_number
    const protocol = async (id: number) => `${call.code}/${String(await protocolOf(id)).padStart(6, '0')}`
    expect(moves.filter((m) => m.applicationId === a.applicationId)).toEqual([
      { applicationId: a.applicationId, callId: call.id, firmId: a.firmId, chamberId: milano, protocol: await protocol(a.applicationId), from: 'draft', to: 'funded' },
      { applicationId: a.applicationId, callId: call.id, firmId: a.firmId, chamberId: milano, protocol: await protocol(a.applicationId), from: 'funded', to: 'granted' },
    ])
    expect(moves.filter((m) => m.applicationId === b.applicationId).map((m) => [m.from, m.to])).toEqual([['draft', 'funded'], ['funded', 'withdrawn']])
    expect(moves.some((m) => m.applicationId === unrelated.applicationId)).toBe(false)
    expect(await deliveriesOf(ctx.db, outsider, 'application.status_changed')).toEqual([])
  })

  it('a firm on the reserve list admitted when money is freed is told it is funded', async () => {
    // Room for one grant: the second firm waits, and gets the money the first gives back.
    const call = await publishedCall(ctx, leader, milano, { envelopeCents: 500_000 })
    const first = await submitted(ctx, call.id, undefined, await relatedFirm())
    const second = await submitted(ctx, call.id, undefined, await relatedFirm())
    await ctx.http().post(`/api/v1/firm/vouchers/applications/${first.applicationId}/withdraw`).set(first.auth).send({}).expect(200)
    const moves = (await deliveriesOf(ctx.db, subscription, 'application.status_changed')).map((d) => d.data)
    expect(moves.filter((m) => m.applicationId === second.applicationId).map((m) => [m.from, m.to])).toEqual([['draft', 'reserve'], ['reserve', 'funded']])
  })
})

describe('self-assessment', () => {
  it('assessment.completed carries the score and level of the submitted assessment', async () => {
    const firm = await relatedFirm()
    const session = { authorization: `Bearer ${await firmSession(ctx, firm.id, ['assessment'])}` }
    const started = (await ctx.http().post('/api/v1/firm/assessments').set(session).expect(201)).body
    await ctx.http().patch(`/api/v1/firm/assessments/${started.id}/answers`).set(session).send({ answers: answersFor() }).expect(200)
    const done = (await ctx.http().post(`/api/v1/firm/assessments/${started.id}/submit`).set(session).expect(200)).body
    const sent = (await deliveriesOf(ctx.db, subscription, 'assessment.completed')).filter((d) => d.data.assessmentId === started.id)
    expect(sent.map((d) => d.data)).toEqual([{ assessmentId: started.id, firmId: firm.id, chamberId: milano, overall: done.overall, level: done.level,
      round: 0, submittedAt: done.submittedAt }])
  })
})

describe('experience-centre events', () => {
  it('event.registration.changed: confirmed, waitlisted, cancelled by staff, and the freed place offered', async () => {
    const event = await makeEvent(ctx.db, milano, { capacity: 1 })
    const [one, two] = [await relatedFirm(), await relatedFirm()]
    const register = (firm: { taxCode: string }, who: string) => ctx.http().post(`/api/v1/public/experience/events/${event.id}/registrations`)
      .send({ firmCode: firm.taxCode, firmName: 'Impresa', firstName: who, lastName: 'Verdi', email: `${who.toLowerCase()}@example.it`, consents: [],
        consentTextVersion: 'v1', privacyAcknowledged: true }).expect(201)
    await register(one, 'Anna')
    await register(two, 'Bruno')
    const regs = await ctx.db.selectFrom('ec_registration').select(['id', 'firm_id']).where('event_id', '=', event.id).orderBy('id').execute()
    await ctx.http().post(`/api/v1/chambers/${milano}/experience/events/${event.id}/registrations/${regs[0]!.id}/cancel`).set(coordinator).expect(204)

    const changes = (await deliveriesOf(ctx.db, subscription, 'event.registration.changed')).map((d) => d.data).filter((d) => d.eventId === event.id)
    const base = (i: number) => ({ eventId: event.id, registrationId: regs[i]!.id, firmId: regs[i]!.firm_id, chamberId: milano })
    expect(changes).toEqual([
      { ...base(0), status: 'confirmed', previousStatus: null },
      { ...base(1), status: 'waitlisted', previousStatus: null },
      { ...base(0), status: 'cancelled', previousStatus: 'confirmed' },
      { ...base(1), status: 'offered', previousStatus: 'waitlisted' },
    ])
  })

  it('event.registration.changed: attended when checked in at the door', async () => {
    const event = await makeEvent(ctx.db, milano, { starts_at: new Date(Date.now() - 600_000), ends_at: new Date(Date.now() + 3_600_000) })
    // Registered before it started (the factory writes the row: no event of its own).
    const reg = await makeRegistration(ctx.db, event.id, { firmId: (await relatedFirm()).id })
    const res = await ctx.http().post(`/api/v1/chambers/${milano}/experience/events/${event.id}/door/checkins`).set(coordinator)
      .send({ id: randomUUID(), registrationId: reg.id })
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
    const changes = (await deliveriesOf(ctx.db, subscription, 'event.registration.changed')).map((d) => d.data).filter((d) => d.eventId === event.id)
    expect(changes).toEqual([{ eventId: event.id, registrationId: reg.id, firmId: reg.firmId, chamberId: milano, status: 'attended', previousStatus: 'confirmed' }])
  })
})
