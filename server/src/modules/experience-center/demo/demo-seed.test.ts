import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, demoAuth, type TestContext } from '../../../../test/helpers.ts'
import { seedDemo } from '../../../demo/seed.ts'

/** The demo data's area: items on loan around today, demos booked for the demo firms; loading it again starts afresh. */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('the demo area of the demo data', () => {
  it('shows Milano five items and the coming days’ bookings, and reloads without doubling', async () => {
    await seedDemo(ctx.db, ctx.app.jobs, { crm: true })
    const auth = await demoAuth(ctx, 'promotore@pid.example')
    const milano = (await ctx.db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
    const items = await ctx.http().get(`/api/v1/chambers/${milano}/experience/demo/equipment`).set(auth).expect(200)
    expect(items.body.items).toHaveLength(5)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date())
    const inTwoWeeks = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + 14 * 24 * 3600 * 1000))
    const cal = await ctx.http().get(`/api/v1/chambers/${milano}/experience/demo/calendar`).query({ from: today, to: inTwoWeeks }).set(auth).expect(200)
    expect(cal.body.bookings).toHaveLength(4)
    expect(cal.body.bookings.every((b: { firm: { name: string } | null }) => b.firm !== null && !b.firm.name.startsWith('#'))).toBe(true)
  })
})
