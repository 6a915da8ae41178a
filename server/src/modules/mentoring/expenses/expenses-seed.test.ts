import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../../../test/helpers.ts'
import { seedDemoMentoringExpenses } from '../../../demo/mentoring-expenses-seed.ts'
import { sniffMediaType } from '../../../core/storage.ts'

/** The demo's expenses: Milano's 2026 programme, and the demo mentor's claims (one approved on the budget, one waiting). */
let ctx: TestContext
let milano: number

beforeAll(async () => {
  ctx = await createTestContext({ crmDemo: true })
  milano = await chamberId(ctx.db, 'Milano')
})
afterAll(async () => { await ctx.close() })

describe('demo seed', () => {
  it("sets Milano's 2026 cap and gives the demo mentor an approved claim and a waiting one, with PDF receipts", async () => {
    const auth = await demoAuth(ctx, 'coordinatore@pid.example')
    const programme = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/programme/2026`).set(auth).expect(200)
    expect(programme.body).toMatchObject({ expenseCapCents: 250_000, saved: true })
    const user = await ctx.db.selectFrom('app_user').select('id').where('email', '=', 'mentor@pid.example').executeTakeFirstOrThrow()
    let mentor = await ctx.db.selectFrom('mentor').select('id').where('user_id', '=', user.id).executeTakeFirst()
    if (!mentor) {
      // The mentors part links the demo mentor; without it, link one here and run this part's seed again.
      mentor = await ctx.db.insertInto('mentor').values({ chamber_id: milano, user_id: user.id, full_name: 'Marco Mentor', email: 'mentor@pid.example',
        modes: ['web'], status: 'active' }).returning('id').executeTakeFirstOrThrow()
      await seedDemoMentoringExpenses(ctx.db, ctx.app.jobs)
    }
    const rows = await ctx.db.selectFrom('mentor_expense').select(['id', 'status', 'year', 'amount_cents']).where('mentor_id', '=', mentor.id).orderBy('id').execute()
    expect(rows.map((r) => r.status)).toEqual(['approved', 'claimed'])
    const posting = await ctx.db.selectFrom('budget_posting').select('amount_cents').where('source_ref', '=', `expense:${rows[0]!.id}`).executeTakeFirstOrThrow()
    expect(posting.amount_cents).toBe(rows[0]!.amount_cents)
    const files = await ctx.db.selectFrom('mentor_expense_receipt as r').innerJoin('stored_file as f', 'f.id', 'r.file_id').select('f.content')
      .where('r.expense_id', 'in', rows.map((r) => r.id)).execute()
    expect(files.map((f) => sniffMediaType(f.content!))).toEqual(['application/pdf', 'application/pdf'])
    const waiting = await ctx.http().get(`/api/v1/chambers/${milano}/mentoring/expenses?status=claimed&year=2026`).set(auth).expect(200)
    expect(waiting.body.items.map((e: { id: number }) => e.id)).toContain(rows[1]!.id)
  })
})
