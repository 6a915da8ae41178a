import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeAgreement, makeFirm, makePartner } from '../../../../test/crm-factories.ts'
import { makeEvent } from '../../../../test/experience-factories.ts'
import { partnerUser } from '../../../../test/actors.ts'
import { deliveriesOf, makeApiClient, subscribe } from '../../../../test/partner-api-factories.ts'

/**
 * Partners register the firms they are related to for a chamber's published events (scope
 * events:register), through the public form's path: places, waitlist, the person's mail.
 */
let ctx: TestContext
let milano: number, bergamo: number
let leader: Auth
let partnerId: number
let user: Auth
let client: { id: number; auth: Auth }
let firmId: number

const path = (chamber: number, eventId: number) => `/api/v1/chambers/${chamber}/experience/events/${eventId}/partner-registrations`
const person = (name: string) => ({ firstName: name, lastName: 'Esposito', email: `${name.toLowerCase()}.esposito@example.it` })

beforeAll(async () => {
  ctx = await createTestContext({ env: { RATE_LIMIT_MAX: '100000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  leader = await demoAuth(ctx, 'leader@pid.example')
  const u = await partnerUser(ctx, milano, 'Confartigianato di prova')
  partnerId = u.partnerId
  user = u.auth
  client = await makeApiClient(ctx, { chamberId: milano, partnerId, leader, scopes: ['events:register', 'firms:read'] })
  firmId = (await makeFirm(ctx.db, { registered_by_partner_id: partnerId })).id
})
afterAll(async () => { await ctx.close() })

describe('a partner registers its firms to events', () => {
  it('a partner user registers a related firm: 201 with the registration, the person mailed, listed for the organisation', async () => {
    const event = await makeEvent(ctx.db, milano)
    const res = await ctx.http().post(path(milano, event.id)).set(user).send({ firmId, ...person('Carla'), phone: '+39 02 1234567' }).expect(201)
    expect(res.body).toEqual(expect.objectContaining({ eventId: event.id, firmId, status: 'confirmed', waitlistPosition: null, alreadyRegistered: false }))
    const row = await ctx.db.selectFrom('ec_registration').select(['source', 'partner_id', 'registered_by']).where('id', '=', res.body.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ source: 'partner', partner_id: partnerId, registered_by: expect.any(Number) })
    const mail = await ctx.db.selectFrom('mail_outbox').select('to_address').where('to_address', '=', 'carla.esposito@example.it').execute()
    expect(mail).toHaveLength(1)
    // The same person again: their registration, nothing taken.
    const again = await ctx.http().post(path(milano, event.id)).set(user).send({ firmId, ...person('Carla') }).expect(200)
    expect(again.body).toEqual(expect.objectContaining({ id: res.body.id, alreadyRegistered: true }))
    const list = await ctx.http().get(path(milano, event.id)).set(user).expect(200)
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: res.body.id, status: 'confirmed', firmId })], nextCursor: null })
  })

  it('an API client with events:register does the same; the list pages with a cursor, newest first', async () => {
    const event = await makeEvent(ctx.db, milano)
    const ids: number[] = []
    for (const name of ['Dario', 'Elena', 'Franco']) {
      ids.push((await ctx.http().post(path(milano, event.id)).set(client.auth).send({ firmId, ...person(name) }).expect(201)).body.id)
    }
    const first = await ctx.http().get(path(milano, event.id)).query({ limit: 2 }).set(client.auth).expect(200)
    expect(first.body.items.map((r: { id: number }) => r.id)).toEqual([ids[2], ids[1]])
    const second = await ctx.http().get(path(milano, event.id)).query({ limit: 2, cursor: first.body.nextCursor }).set(client.auth).expect(200)
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null })
  })

  it('beyond capacity registrations are waitlisted, also when they arrive at once', async () => {
    const event = await makeEvent(ctx.db, milano, { capacity: 2 })
    const answers = await Promise.all(['Gino', 'Irene', 'Luca', 'Marta'].map((name) =>
      ctx.http().post(path(milano, event.id)).set(client.auth).send({ firmId, ...person(name) })))
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201])
    const statuses = answers.map((a) => a.body.status).sort()
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted'])
    expect(answers.filter((a) => a.body.status === 'waitlisted').map((a) => a.body.waitlistPosition).sort()).toEqual([1, 2])
    const seats = await ctx.db.selectFrom('ec_event').select('seats_taken').where('id', '=', event.id).executeTakeFirstOrThrow()
    expect(seats.seats_taken).toBe(2)
  })

  it('the subscribed client hears of its registrations (event.registration.changed)', async () => {
    const subscription = await subscribe(ctx.db, client.id, ['event.registration.changed'])
    const event = await makeEvent(ctx.db, milano)
    const res = await ctx.http().post(path(milano, event.id)).set(client.auth).send({ firmId, ...person('Nadia') }).expect(201)
    const sent = await deliveriesOf(ctx.db, subscription, 'event.registration.changed')
    expect(sent.map((d) => d.data)).toEqual([{ eventId: event.id, registrationId: res.body.id, firmId, chamberId: milano, status: 'confirmed', previousStatus: null }])
  })
})

describe('what a partner may not do', () => {
  it('a firm the organisation is not related to is not found, and nothing is written', async () => {
    const event = await makeEvent(ctx.db, milano)
    const stranger = await makeFirm(ctx.db)
    const res = await ctx.http().post(path(milano, event.id)).set(client.auth).send({ firmId: stranger.id, ...person('Oreste') }).expect(404)
    expect(res.body.code).toBe('not_found')
    expect(await ctx.db.selectFrom('ec_registration').select('id').where('event_id', '=', event.id).execute()).toEqual([])
  })

  it('a draft event, or one of another chamber under this chamber\'s path, is not found', async () => {
    const draft = await makeEvent(ctx.db, milano, { status: 'draft', published_at: null })
    await ctx.http().post(path(milano, draft.id)).set(user).send({ firmId, ...person('Paola') }).expect(404)
    const elsewhere = await makeEvent(ctx.db, bergamo)
    await ctx.http().post(path(milano, elsewhere.id)).set(user).send({ firmId, ...person('Paola') }).expect(404)
  })

  it('another chamber, where the organisation has no agreement, is forbidden', async () => {
    const event = await makeEvent(ctx.db, bergamo)
    const res = await ctx.http().post(path(bergamo, event.id)).set(client.auth).send({ firmId, ...person('Quinto') }).expect(403)
    expect(res.body.code).toBe('forbidden')
    await ctx.http().post(path(bergamo, event.id)).set(user).send({ firmId, ...person('Quinto') }).expect(403)
  })

  it('an API client without the scope events:register is refused with insufficient_scope', async () => {
    const reader = await makeApiClient(ctx, { chamberId: milano, partnerId, leader, scopes: ['firms:read'] })
    const event = await makeEvent(ctx.db, milano)
    const res = await ctx.http().post(path(milano, event.id)).set(reader.auth).send({ firmId, ...person('Rita') }).expect(403)
    expect(res.body.code).toBe('insufficient_scope')
    expect((await ctx.http().get(path(milano, event.id)).set(reader.auth).expect(403)).body.code).toBe('insufficient_scope')
  })

  it('staff are refused: they register people at the door or by the public form', async () => {
    const event = await makeEvent(ctx.db, milano)
    await ctx.http().post(path(milano, event.id)).set(leader).send({ firmId, ...person('Sara') }).expect(403)
  })

  it('another organisation does not see the registrations of this one', async () => {
    const other = await makePartner(ctx.db, 'Altra associazione')
    await makeAgreement(ctx.db, other, milano)
    const otherClient = await makeApiClient(ctx, { chamberId: milano, partnerId: other, leader, scopes: ['events:register'] })
    const event = await makeEvent(ctx.db, milano)
    await ctx.http().post(path(milano, event.id)).set(client.auth).send({ firmId, ...person('Teresa') }).expect(201)
    expect((await ctx.http().get(path(milano, event.id)).set(otherClient.auth).expect(200)).body).toEqual({ items: [], nextCursor: null })
  })
})
