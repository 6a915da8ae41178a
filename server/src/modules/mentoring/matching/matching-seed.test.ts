import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, demoAuth, type TestContext } from '../../../../test/helpers.ts'
import { makeMentor } from '../../../../test/mentoring-factories.ts'
import { seedDemo } from '../../../demo/seed.ts'
import { seedDemoMentoringMatching } from '../../../demo/mentoring-matching-seed.ts'

/** The demo's matching: open requests, a proposal waiting for the demo mentor, pairs at work, a speed-mentoring day. */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

describe('the demo data of matching', () => {
  it("gives Milano's staff open requests and a day, and the demo mentor a proposal and two mentees", async () => {
    await seedDemo(ctx.db, ctx.app.jobs, { crm: true })
    const milano = (await ctx.db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
    // The mentors' seed makes the demo mentor's record; make it (and another mentor) when it did not, then run this seed again.
    const user = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'mentor@pid.example').executeTakeFirstOrThrow()
    if (!(await ctx.db.selectFrom('mentor').select('id').where('user_id', '=', user.id).executeTakeFirst())) {
      for (const t of ['mentoring_slot', 'mentoring_day', 'mentoring_match', 'mentoring_request'] as const) await ctx.db.deleteFrom(t).execute()
      await makeMentor(ctx.db, milano, { user_id: user.id, email: 'mentor@pid.example', full_name: 'Marco Bianchi', expertise: ['data', 'digital_marketing', 'automation'] })
      await makeMentor(ctx.db, milano, { full_name: 'Giulia Neri', expertise: ['cloud', 'security'] })
      await seedDemoMentoringMatching(ctx.db)
    }
    const staff = await demoAuth(ctx, 'coordinatore@pid.example')
    const open = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/requests`).query({ status: 'open' }).set(staff).expect(200)
    expect(open.body.items.length).toBeGreaterThanOrEqual(3)
    expect(open.body.items.some((r: { source: string }) => r.source === 'firm')).toBe(true)
    // The engagement's seed closes one of the pairs: matched or closed, each was matched.
    const matched = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/requests`).query({ status: 'matched' }).set(staff).expect(200)
    const closed = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/requests`).query({ status: 'closed' }).set(staff).expect(200)
    const wereMatched = [...matched.body.items, ...closed.body.items]
    expect(wereMatched.length).toBeGreaterThanOrEqual(3)
    expect(wereMatched.every((r: { timeToMatchSeconds: number | null }) => (r.timeToMatchSeconds ?? 0) > 0)).toBe(true)
    const mentor = await demoAuth(ctx, 'mentor@pid.example')
    const mine = await ctx.http().get('/api/v1/mentoring/me/proposals').set(mentor).expect(200)
    const statuses = mine.body.items.map((p: { status: string }) => p.status)
    expect(statuses.filter((s: string) => s === 'proposed')).toHaveLength(1)
    expect(statuses.filter((s: string) => s === 'accepted' || s === 'closed')).toHaveLength(2)
    expect(mine.body.items.find((p: { status: string }) => p.status === 'proposed').explanation.length).toBeGreaterThan(3)
    const days = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/days`).set(staff).expect(200)
    expect(days.body.items).toHaveLength(1)
    expect(days.body.items[0].slots.length).toBeGreaterThanOrEqual(4)
    expect(days.body.items[0].slots.filter((s: { firm: unknown }) => s.firm !== null)).toHaveLength(1)
  })
})
