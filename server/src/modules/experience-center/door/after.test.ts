import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Response } from 'supertest'
import { demoAuth, twoChamberContext, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeEvent, makeRegistration } from '../../../../test/experience-factories.ts'
import { amountLines, makePlan, makeProgramme } from '../../../../test/budget-factories.ts'
import { AFTER_EVENT_QUEUE, AFTER_EVENT_SWEEP } from './after-event.ts'
import { romeYear } from './entries.ts'

let ctx: TestContext
let milano: number
let bergamo: number
let auth: Auth
const HOUR = 3600 * 1000
const binary = (r: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const b: Buffer[] = []
  const stream = r as unknown as NodeJS.ReadableStream
  stream.on('data', (d: Buffer) => b.push(d))
  stream.on('end', () => cb(null, Buffer.concat(b)))
}

beforeAll(async () => { ({ ctx, milano, bergamo, auth } = await twoChamberContext('promotore@pid.example')) })
afterAll(async () => { await ctx.close() })

const eventUrl = (eventId: number, chamber = milano) => `/api/v1/chambers/${chamber}/experience/events/${eventId}`
const mailsTo = (email: string) => ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', email).execute()

/** An event that ended an hour ago: Giulia (A) came, B and C did not (C waitlisted). */
async function pastEvent() {
  const event = await makeEvent(ctx.db, milano, { starts_at: new Date(Date.now() - 3 * HOUR), ends_at: new Date(Date.now() - HOUR), title: 'Cloud per le PMI' })
  const a = await makeRegistration(ctx.db, event.id)
  const b = await makeRegistration(ctx.db, event.id)
  const c = await makeRegistration(ctx.db, event.id, { status: 'waitlisted' })
  await ctx.http().post(`${eventUrl(event.id)}/door/checkins`).set(auth).send({ id: randomUUID(), registrationId: a.id }).expect(200)
  return { event, a, b, c, emailA: `giulia.${a.firmId}@example.it`, emailB: `giulia.${b.firmId}@example.it` }
}

describe('after the event', () => {
  let p: Awaited<ReturnType<typeof pastEvent>>
  let tokenA: string
  beforeAll(async () => {
    p = await pastEvent()
    expect(await ctx.app.jobs.pending(AFTER_EVENT_QUEUE, { eventId: p.event.id })).toHaveLength(1)
    await ctx.app.jobs.drain()
    const [mail] = await mailsTo(p.emailA)
    tokenA = /attestato\/([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!
  })

  it('mails the attendees (only them) their certificate and survey links, never twice', async () => {
    const mails = await mailsTo(p.emailA)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text_body).toContain('http://pid.test/pubblico/eventi/questionario/')
    expect(await mailsTo(p.emailB)).toEqual([])
    await ctx.app.jobs.enqueue(ctx.db, AFTER_EVENT_SWEEP, {})
    await ctx.app.jobs.enqueue(ctx.db, AFTER_EVENT_QUEUE, { eventId: p.event.id })
    await ctx.app.jobs.drain()
    expect(await mailsTo(p.emailA)).toHaveLength(1)
  })

  it('gives the certificate to attendees only, by personal link and to staff', async () => {
    const pdf = await ctx.http().get(`/api/v1/public/experience/certificates/${tokenA}`).buffer(true).parse(binary).expect(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF')
    const refused = await ctx.http().get(`/api/v1/public/experience/certificates/${p.b.token}`).expect(409)
    expect(refused.body.code).toBe('door_not_attended')
    await ctx.http().get(`/api/v1/public/experience/certificates/${p.a.token}`).expect(404) // the link made anew replaced the first
    const staff = await ctx.http().get(`${eventUrl(p.event.id)}/door/registrations/${p.a.id}/certificate.pdf`).set(auth).buffer(true).parse(binary).expect(200)
    expect((staff.body as Buffer).subarray(0, 4).toString()).toBe('%PDF')
    await ctx.http().get(`${eventUrl(p.event.id)}/door/registrations/${p.b.id}/certificate.pdf`).set(auth).expect(409)
  })

  it('takes one survey answer per attendee, only from attendees; bad input writes nothing', async () => {
    const view = await ctx.http().get(`/api/v1/public/experience/surveys/${tokenA}`).expect(200)
    expect(view.body).toMatchObject({ eventTitle: 'Cloud per le PMI', attended: true, answered: false })
    await ctx.http().post(`/api/v1/public/experience/surveys/${tokenA}`).send({ overall: 6 }).expect(400)
    expect(await ctx.db.selectFrom('ec_feedback').select('registration_id').where('event_id', '=', p.event.id).execute()).toEqual([])
    const both = await Promise.all([0, 1].map(() => ctx.http().post(`/api/v1/public/experience/surveys/${tokenA}`)
      .send({ overall: 4, usefulness: 5, wouldRecommend: true, comment: 'Molto utile' })))
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(both.find((r) => r.status === 409)!.body.code).toBe('door_feedback_given')
    const no = await ctx.http().post(`/api/v1/public/experience/surveys/${p.b.token}`).send({ overall: 1 }).expect(409)
    expect(no.body.code).toBe('door_not_attended')
    expect((await ctx.http().get(`/api/v1/public/experience/surveys/${tokenA}`).expect(200)).body.answered).toBe(true)
  })

  it('gives the event\'s figures, the PID\'s year and the region\'s (figures only for the region)', async () => {
    const f = await ctx.http().get(`${eventUrl(p.event.id)}/figures`).set(auth).expect(200)
    expect(f.body.attendance).toEqual({ registered: 3, confirmed: 2, waitlisted: 1, attended: 1, noShows: 1, attendancePm: 500, walkIns: 0, newProspects: 0 })
    expect(f.body.survey).toEqual({ answers: 1, overallAvg: 400, usefulnessAvg: 500, recommendPm: 1000,
      overallDistribution: [0, 0, 0, 1, 0], usefulnessDistribution: [0, 0, 0, 0, 1] })
    expect(f.body.comments).toEqual([expect.objectContaining({ comment: 'Molto utile', overall: 4 })])
    expect(f.body.attendees).toEqual([expect.objectContaining({ registrationId: p.a.id, personName: 'Giulia Bianchi' })])
    const year = romeYear(new Date(Date.now() - 3 * HOUR))
    const pid = await ctx.http().get(`/api/v1/chambers/${milano}/experience/figures`).query({ year }).set(auth).expect(200)
    expect(pid.body.events.find((e: { id: number }) => e.id === p.event.id)).toMatchObject({ registered: 3, attended: 1, overallAvg: 400, answers: 1 })
    const region = await demoAuth(ctx, 'regione@pid.example')
    const r = await ctx.http().get(`/api/v1/regions/03/experience/figures`).query({ year }).set(region).expect(200)
    expect(r.body.chambers.find((c: { chamberId: number }) => c.chamberId === milano).figures.attended).toBeGreaterThanOrEqual(1)
    expect(JSON.stringify(r.body)).not.toContain('Giulia')
    const asRegion = await ctx.http().get(`${eventUrl(p.event.id)}/figures`).set(region).expect(200)
    expect(asRegion.body).toMatchObject({ attendees: [], comments: [] })
    await ctx.http().get(`${eventUrl(p.event.id)}/door`).set(region).expect(403)
  })
})

describe('costs', () => {
  it('spends each cost line on the communication line of the event\'s year; over the budget is 409 and nothing is written', async () => {
    const programme = await makeProgramme(ctx.db, undefined, '03')
    await makePlan(ctx.db, milano, programme, 2031, amountLines({ communication: 100_000, staff: 500_000 }, ['staff']))
    const event = await makeEvent(ctx.db, milano, { starts_at: new Date('2031-05-10T08:00:00Z'), ends_at: new Date('2031-05-10T10:00:00Z') })
    const added = await ctx.http().post(`${eventUrl(event.id)}/costs`).set(auth).send({ description: 'Catering', amountCents: 40_000, spentOn: '2031-05-10' }).expect(201)
    expect(added.body).toMatchObject({ description: 'Catering', amountCents: 40_000, spentOn: '2031-05-10' })
    const line = () => ctx.db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id').select(['l.spent_cents'])
      .where('p.chamber_id', '=', milano).where('p.year', '=', 2031).where('l.category', '=', 'communication').executeTakeFirstOrThrow()
    expect(Number((await line()).spent_cents)).toBe(40_000)
    const over = await ctx.http().post(`${eventUrl(event.id)}/costs`).set(auth).send({ description: 'Sala', amountCents: 70_000, spentOn: '2031-05-10' }).expect(409)
    expect(over.body.code).toBe('budget_exceeded')
    await ctx.http().post(`${eventUrl(event.id)}/costs`).set(auth).send({ description: 'Sala', amountCents: 0, spentOn: '2031-05-10' }).expect(400)
    const list = await ctx.http().get(`${eventUrl(event.id)}/costs`).set(auth).expect(200)
    expect(list.body).toMatchObject({ totalCents: 40_000, budgetYear: 2031, category: 'communication' })
    expect(list.body.items).toHaveLength(1)
    expect(Number((await line()).spent_cents)).toBe(40_000)
    const other = await makeEvent(ctx.db, bergamo)
    await ctx.http().post(`${eventUrl(other.id)}/costs`).set(auth).send({ description: 'Sala', amountCents: 100, spentOn: '2031-05-10' }).expect(404)
  })

  it('an event without a plan for its year: 409 budget_exceeded, no cost line', async () => {
    const event = await makeEvent(ctx.db, milano, { starts_at: new Date('2033-05-10T08:00:00Z'), ends_at: new Date('2033-05-10T10:00:00Z') })
    await ctx.http().post(`${eventUrl(event.id)}/costs`).set(auth).send({ description: 'Sala', amountCents: 100, spentOn: '2033-05-10' }).expect(409)
    expect(await ctx.db.selectFrom('ec_event_cost').select('id').where('event_id', '=', event.id).execute()).toEqual([])
  })
})
