import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../../../test/helpers.ts'
import { makeFirm } from '../../../../test/crm-factories.ts'

/** The exclusion constraint on the embedded PostgreSQL (PGlite with btree_gist) as on the server. */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ embedded: true }) })
afterAll(async () => { await ctx.close() })

describe('demo bookings on the embedded database', () => {
  it('refuses an overlap with booking_overlap and takes an adjacent booking', async () => {
    const milano = await chamberId(ctx.db, 'Milano')
    const auth = await demoAuth(ctx, 'coordinatore@pid.example')
    const api = `/api/v1/chambers/${milano}/experience/demo`
    const item = await ctx.http().post(`${api}/equipment`).set(auth).send({
      name: 'Scanner 3D', category: 'scanner_3d', vendorName: 'Scansioni Srl', loanFrom: '2030-06-01', loanTo: '2030-06-30',
    }).expect(201)
    const firm = await makeFirm(ctx.db, { chamber_id: milano, province_code: 'MI' })
    const slot = (from: string, to: string) => ({ equipmentId: item.body.id, firmId: firm.id, startsAt: from, endsAt: to })
    await ctx.http().post(`${api}/bookings`).set(auth).send(slot('2030-06-10T08:00:00Z', '2030-06-10T10:00:00Z')).expect(201)
    const clash = await ctx.http().post(`${api}/bookings`).set(auth).send(slot('2030-06-10T09:00:00Z', '2030-06-10T11:00:00Z')).expect(409)
    expect(clash.body.code).toBe('booking_overlap')
    await ctx.http().post(`${api}/bookings`).set(auth).send(slot('2030-06-10T10:00:00Z', '2030-06-10T11:00:00Z')).expect(201)
  })
})
