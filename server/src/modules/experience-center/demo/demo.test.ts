import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'
import { makeEvent } from '../../../../test/experience-factories.ts'

/** The demo area through HTTP on real PostgreSQL: equipment, photos, bookings and their rules. */
let ctx: TestContext
let milano: number, bergamo: number
let auth: Auth
let bergamoAuth: Auth

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c6360483b0300019c0133e1b260b90000000049454e44ae426082', 'hex')

const api = (chamber: number) => `/api/v1/chambers/${chamber}/experience/demo`
const item = (overrides: Record<string, unknown> = {}) => ({
  name: 'Stampante 3D Prusa MK4', category: 'printer_3d', vendorName: 'Additiva Srl', vendorContact: 'info@additiva.example',
  loanFrom: '2030-03-01', loanTo: '2030-03-31', location: 'Sala demo, banco 2', condition: 'new', ...overrides,
})
const rows = async (table: 'ec_demo_booking' | 'ec_equipment' | 'ec_equipment_photo' | 'audit_log' | 'timeline_event') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db)).rows[0]!.n)

async function newItem(overrides: Record<string, unknown> = {}, chamber = milano, as = auth): Promise<number> {
  const res = await ctx.http().post(`${api(chamber)}/equipment`).set(as).send(item(overrides)).expect(201)
  return res.body.id as number
}
const book = (body: Record<string, unknown>, chamber = milano, as = auth) =>
  ctx.http().post(`${api(chamber)}/bookings`).set(as).send(body)

beforeAll(async () => {
  ctx = await createTestContext({ env: { LOGIN_RATE_LIMIT_MAX: '1000' } })
  milano = await chamberId(ctx.db, 'Milano')
  bergamo = await chamberId(ctx.db, 'Bergamo')
  auth = await demoAuth(ctx, 'coordinatore@pid.example')
  const { makeUser, login, bearer } = await import('../../../../test/helpers.ts')
  const other = await makeUser(ctx.db, 'digital_coordinator', { chamberId: bergamo })
  bergamoAuth = bearer((await login(ctx, other.email)).token)
})
afterAll(async () => { await ctx.close() })

describe('equipment', () => {
  it('adds, lists and changes an item; another chamber sees a 404', async () => {
    const id = await newItem()
    const list = await ctx.http().get(`${api(milano)}/equipment`).set(auth).expect(200)
    expect(list.body.items.find((e: { id: number }) => e.id === id)).toMatchObject({ name: 'Stampante 3D Prusa MK4', loanFrom: '2030-03-01', photos: [] })
    const changed = await ctx.http().patch(`${api(milano)}/equipment/${id}`).set(auth).send({ condition: 'worn', location: 'Magazzino' }).expect(200)
    expect(changed.body).toMatchObject({ condition: 'worn', location: 'Magazzino' })
    await ctx.http().get(`${api(bergamo)}/equipment/${id}`).set(bergamoAuth).expect(404)
    await ctx.http().patch(`${api(bergamo)}/equipment/${id}`).set(bergamoAuth).send({ condition: 'good' }).expect(404)
    // Milano's id under Bergamo's path, by Milano's staff: the path's chamber is not theirs (403).
    await ctx.http().get(`${api(bergamo)}/equipment/${id}`).set(auth).expect(403)
  })

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const before = [await rows('ec_equipment'), await rows('audit_log')]
    const bad = [item({ category: 'toaster' }), item({ loanFrom: '2030-04-01', loanTo: '2030-03-01' }), item({ name: '' }),
      item({ loanFrom: 'domani' }), item({ condition: 'rotto' }), { ...item(), extra: 1 }]
    for (const body of bad) {
      const res = await ctx.http().post(`${api(milano)}/equipment`).set(auth).send(body)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('validation')
      expect(res.body.errors.length).toBeGreaterThan(0)
    }
    expect([await rows('ec_equipment'), await rows('audit_log')]).toEqual(before)
  })

  it('takes photos that are images by their bytes, serves them with safe headers', async () => {
    const id = await newItem({ name: 'Visore VR' , category: 'vr_headset' })
    const up = await ctx.http().post(`${api(milano)}/equipment/${id}/photos`).query({ fileName: 'visore.png' }).set(auth)
      .set('content-type', 'image/png').send(PNG).expect(201)
    expect(up.body.photos).toHaveLength(1)
    const photoId = up.body.photos[0].id as number
    const got = await ctx.http().get(`${api(milano)}/equipment/${id}/photos/${photoId}`).set(auth).buffer(true)
      .parse((res, cb) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => cb(null, Buffer.concat(c))) }).expect(200)
    expect(got.headers['content-type']).toBe('image/png')
    expect(got.headers['x-content-type-options']).toBe('nosniff')
    expect(got.headers['content-security-policy']).toContain('sandbox')
    expect(got.headers['content-disposition']).toMatch(/^inline; filename="visore.png"/)
    expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0)
    // An HTML page declared as a PNG is refused, as is a type the area does not take; nothing written.
    const before = await rows('ec_equipment_photo')
    await ctx.http().post(`${api(milano)}/equipment/${id}/photos`).query({ fileName: 'x.png' }).set(auth)
      .set('content-type', 'image/png').send(Buffer.from('<html><script>alert(1)</script></html>')).expect(415)
    await ctx.http().post(`${api(milano)}/equipment/${id}/photos`).query({ fileName: 'x.svg' }).set(auth)
      .set('content-type', 'image/svg+xml').send('<svg/>').expect(415)
    expect(await rows('ec_equipment_photo')).toBe(before)
    await ctx.http().get(`${api(bergamo)}/equipment/${id}/photos/${photoId}`).set(bergamoAuth).expect(404)
    const removed = await ctx.http().delete(`${api(milano)}/equipment/${id}/photos/${photoId}`).set(auth).expect(200)
    expect(removed.body.photos).toEqual([])
  })
})

describe('bookings', () => {
  it('never books one item twice at one time, even when the requests come at once', async () => {
    const id = await newItem({ name: 'Cobot UR5', category: 'cobot' })
    const firms = await Promise.all(Array.from({ length: 8 }, () => makeFirm(ctx.db, { chamber_id: milano, province_code: 'MI' })))
    const before = [await rows('ec_demo_booking'), await rows('audit_log')]
    // Eight overlapping ranges of the same morning, fired together over HTTP.
    const answers = await Promise.all(firms.map((f, i) => book({
      equipmentId: id, firmId: f.id, startsAt: `2030-03-10T0${8 + (i % 2)}:00:00Z`, endsAt: '2030-03-10T11:00:00Z', purpose: 'Prova',
    })))
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    for (const r of answers.filter((a) => a.status === 409)) expect(r.body.code).toBe('booking_overlap')
    expect(await rows('ec_demo_booking')).toBe(before[0]! + 1)
    expect(await rows('audit_log')).toBe(before[1]! + 1)
  })

  it('allows adjacent bookings; a cancelled booking frees its time', async () => {
    const id = await newItem({ name: 'Drone DJI', category: 'drone' })
    const firm = await makeFirm(ctx.db, { chamber_id: milano, province_code: 'MI' })
    const first = await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-03-11T09:00:00Z', endsAt: '2030-03-11T10:00:00Z' }).expect(201)
    expect(first.body).toMatchObject({ status: 'booked', firm: { id: firm.id }, equipmentName: 'Drone DJI' })
    await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-03-11T10:00:00Z', endsAt: '2030-03-11T11:00:00Z' }).expect(201)
    await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-03-11T08:00:00Z', endsAt: '2030-03-11T09:00:00Z' }).expect(201)
    const clash = await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-03-11T09:30:00Z', endsAt: '2030-03-11T09:45:00Z' }).expect(409)
    expect(clash.body).toMatchObject({ code: 'booking_overlap', params: { equipment: 'Drone DJI' } })
    const cancelled = await ctx.http().post(`${api(milano)}/bookings/${first.body.id}/cancel`).set(auth).expect(200)
    expect(cancelled.body.status).toBe('cancelled')
    await ctx.http().post(`${api(milano)}/bookings/${first.body.id}/cancel`).set(auth).expect(409)
    await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-03-11T09:30:00Z', endsAt: '2030-03-11T09:45:00Z' }).expect(201)
  })

  it('books for an event of the chamber; refuses outside the loan, out of service, other chambers', async () => {
    const id = await newItem({ name: 'Taglio laser', category: 'laser_cutter' })
    const event = await makeEvent(ctx.db, milano)
    const bergamoEvent = await makeEvent(ctx.db, bergamo)
    const res = await book({ equipmentId: id, eventId: event.id, startsAt: '2030-03-12T09:00:00Z', endsAt: '2030-03-12T10:00:00Z' }).expect(201)
    expect(res.body.event).toMatchObject({ id: event.id, title: 'Seminario di prova' })
    const options = await ctx.http().get(`${api(milano)}/event-options`).set(auth).expect(200)
    expect(options.body.items.map((e: { id: number }) => e.id)).toEqual([event.id])
    const before = [await rows('ec_demo_booking'), await rows('audit_log')]
    // The loan runs from 1 March (Rome midnight, 23:00 UTC the day before) to 31 March included.
    const outside = await book({ equipmentId: id, eventId: event.id, startsAt: '2030-03-31T21:00:00Z', endsAt: '2030-03-31T23:00:00Z' }).expect(422)
    expect(outside.body).toMatchObject({ code: 'demo_booking_outside_loan', params: { loanFromDate: '2030-03-01', loanToDate: '2030-03-31' } })
    await book({ equipmentId: id, eventId: event.id, startsAt: '2030-02-28T22:30:00Z', endsAt: '2030-02-28T23:30:00Z' }).expect(422)
    const bergamoFirm = await makeFirm(ctx.db, { chamber_id: bergamo, province_code: 'BG' })
    const wrongFirm = await book({ equipmentId: id, firmId: bergamoFirm.id, startsAt: '2030-03-13T09:00:00Z', endsAt: '2030-03-13T10:00:00Z' }).expect(400)
    expect(wrongFirm.body.errors[0]).toMatchObject({ path: '/firmId', code: 'unknown_firm' })
    await book({ equipmentId: id, eventId: bergamoEvent.id, startsAt: '2030-03-13T09:00:00Z', endsAt: '2030-03-13T10:00:00Z' }).expect(400)
    await book({ equipmentId: id, startsAt: '2030-03-13T09:00:00Z', endsAt: '2030-03-13T10:00:00Z' }).expect(400)
    await book({ equipmentId: id, eventId: event.id, startsAt: '2030-03-13T10:00:00Z', endsAt: '2030-03-13T09:00:00Z' }).expect(400)
    await book({ equipmentId: id, eventId: event.id, startsAt: 'ieri', endsAt: '2030-03-13T09:00:00Z' }).expect(400)
    // Another chamber's item is not found, whether booked from its own chamber's path or not.
    const bergamoItem = await newItem({}, bergamo, bergamoAuth)
    await book({ equipmentId: bergamoItem, eventId: event.id, startsAt: '2030-03-13T09:00:00Z', endsAt: '2030-03-13T10:00:00Z' }).expect(404)
    await ctx.http().post(`${api(bergamo)}/bookings/${res.body.id}/cancel`).set(bergamoAuth).expect(404)
    await ctx.http().patch(`${api(milano)}/equipment/${id}`).set(auth).send({ condition: 'out_of_service' }).expect(200)
    const broken = await book({ equipmentId: id, eventId: event.id, startsAt: '2030-03-14T09:00:00Z', endsAt: '2030-03-14T10:00:00Z' }).expect(409)
    expect(broken.body.code).toBe('demo_equipment_out_of_service')
    expect(await rows('ec_demo_booking')).toBe(before[0])
    // Written: Bergamo's item and the change of condition; no refused booking left a trace.
    expect(await rows('audit_log')).toBe(before[1]! + 2)
  })

  it("shows the area's and an item's calendar; a held demo lands on the firm's timeline", async () => {
    const id = await newItem({ name: 'Kit IoT', category: 'iot_kit', loanFrom: '2020-01-01', loanTo: '2030-12-31' })
    const firm = await makeFirm(ctx.db, { chamber_id: milano, province_code: 'MI' })
    const past = await book({ equipmentId: id, firmId: firm.id, startsAt: '2024-05-06T08:00:00Z', endsAt: '2024-05-06T09:00:00Z', purpose: 'Sensori in magazzino' }).expect(201)
    const future = await book({ equipmentId: id, firmId: firm.id, startsAt: '2030-05-06T08:00:00Z', endsAt: '2030-05-06T09:00:00Z' }).expect(201)
    const cal = await ctx.http().get(`${api(milano)}/calendar`).query({ from: '2024-05-01', to: '2024-05-31' }).set(auth).expect(200)
    expect(cal.body.equipment.map((e: { id: number }) => e.id)).toContain(id)
    expect(cal.body.bookings).toEqual([expect.objectContaining({ id: past.body.id, firm: { id: firm.id, name: expect.any(String) } })])
    const one = await ctx.http().get(`${api(milano)}/calendar`).query({ from: '2030-05-01', to: '2030-05-31', equipmentId: id }).set(auth).expect(200)
    expect(one.body.bookings.map((b: { id: number }) => b.id)).toEqual([future.body.id])
    await ctx.http().get(`${api(milano)}/calendar`).query({ from: '2030-01-01', to: '2030-12-31' }).set(auth).expect(400)
    await ctx.http().get(`${api(milano)}/calendar`).query({ from: '2030-05-31', to: '2030-05-01' }).set(auth).expect(400)

    const timeline = await rows('timeline_event')
    await ctx.http().post(`${api(milano)}/bookings/${future.body.id}/held`).set(auth).expect(409)
    const held = await ctx.http().post(`${api(milano)}/bookings/${past.body.id}/held`).set(auth).expect(200)
    expect(held.body.heldAt).not.toBeNull()
    await ctx.http().post(`${api(milano)}/bookings/${past.body.id}/held`).set(auth).expect(200)
    expect(await rows('timeline_event')).toBe(timeline + 1)
    const touch = await ctx.db.selectFrom('timeline_event').select(['type', 'summary', 'source_module']).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
    expect(touch).toMatchObject({ type: 'desk_visit', source_module: 'experience-center' })
    expect(touch.summary).toContain('Kit IoT')
  })
})
