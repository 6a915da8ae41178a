import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, type TestContext } from '../../../../test/helpers.ts'
import { makeMatch, makeMentor } from '../../../../test/mentoring-factories.ts'
import { seedDemoMentoringEngagement } from '../../../demo/mentoring-engagement-seed.ts'

let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext() })
afterAll(async () => { await ctx.close() })

describe("the engagement part's demo seed", () => {
  it('gives the accepted matches agreements in force and sessions, closes one with both feedbacks, and runs again harmlessly', async () => {
    const before = await ctx.db.selectFrom('mentoring_match').select('id').where('status', '=', 'accepted').execute()
    const milano = await chamberId(ctx.db, 'Milano')
    const mentor = await makeMentor(ctx.db, milano)
    const a = await makeMatch(ctx.db, milano, mentor.id)
    const b = await makeMatch(ctx.db, milano, mentor.id, { area: 'data' })
    const proposed = await makeMatch(ctx.db, milano, mentor.id, { status: 'proposed' })
    await seedDemoMentoringEngagement(ctx.db)
    await seedDemoMentoringEngagement(ctx.db)
    const ids = [...before.map((r) => r.id), a.id, b.id]
    const agreements = await ctx.db.selectFrom('mentoring_agreement').selectAll().where('match_id', 'in', [...ids, proposed.id]).execute()
    expect(agreements).toHaveLength(ids.length)
    for (const ag of agreements) {
      expect(ag.goals.length).toBeGreaterThanOrEqual(2)
      expect(ag.goals.length).toBeLessThanOrEqual(3)
      expect(ag.mentor_accepted_at && ag.firm_accepted_at).toBeTruthy()
      const sessions = await ctx.db.selectFrom('mentoring_session').select(['summary', 'confidential_notes', 'held_at']).where('match_id', '=', ag.match_id).execute()
      expect(sessions.length).toBeGreaterThanOrEqual(2)
      expect(sessions.length).toBeLessThanOrEqual(4)
      expect(sessions.every((s) => s.summary && s.confidential_notes && s.held_at.getTime() < Date.now())).toBe(true)
    }
    const closed = await ctx.db.selectFrom('mentoring_match').select(['id', 'outcome']).where('id', 'in', ids).where('status', '=', 'closed').execute()
    expect(closed).toHaveLength(1)
    expect(await ctx.db.selectFrom('mentoring_feedback').select('side').where('match_id', '=', closed[0]!.id).execute()).toHaveLength(2)
    const events = await ctx.db.selectFrom('timeline_event').select('summary').where('firm_id', '=', a.firmId).where('source_module', '=', 'mentoring').execute()
    expect(events.map((e) => e.summary).join('\n')).not.toMatch(/titolare è motivato|fornitore attuale|figlio del titolare|Budget limitato/)
  })
})
