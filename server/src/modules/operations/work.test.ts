import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkItem } from '@pid/shared'
import { chamberId, createTestContext, demoAuth, type TestContext } from '../../../test/helpers.ts'
import { makeFirm, makePartner } from '../../../test/crm-factories.ts'

/** The staff home: what waits for each role, counted by the module that owns it. */
let ctx: TestContext
let milano: number

beforeAll(async () => {
  ctx = await createTestContext()
  milano = await chamberId(ctx.db, 'Milano')
  const firm = await makeFirm(ctx.db, { chamber_id: milano })
  const partner = await makePartner(ctx.db)
  const referral = (dueOn: string) => ({ firm_id: firm.id, chamber_id: milano, partner_id: partner, need: 'e-commerce', due_on: dueOn })
  await ctx.db.insertInto('referral').values([referral('2020-01-10'), referral('2020-02-10'), referral('2999-01-01')]).execute()
  await ctx.db.insertInto('mail_outbox').values({ chamber_id: milano, to_address: 'a@b.it', subject: 'Invito', text_body: 'x', status: 'held' }).execute()
  await ctx.db.insertInto('import_run').values({ chamber_id: milano, file_name: 'estratto.csv', status: 'failed', finished_at: new Date(), failure: 'x' }).execute()
})
afterAll(async () => { await ctx.close() })

const work = async (email: string, chamber = milano) =>
  ((await ctx.http().get(`/api/v1/chambers/${chamber}/work`).set(await demoAuth(ctx, email)).expect(200)).body.items as WorkItem[])
const counts = (items: WorkItem[]) => Object.fromEntries(items.map((i) => [i.kind, i.count]))

describe('the staff home', () => {
  it('gives the leader every kind of work of the chamber, with its count and the page that lists it', async () => {
    const items = await work('leader@pid.example')
    expect(counts(items)).toMatchObject({ referrals_overdue: 2, referrals_due_soon: 0, imports_failed: 1, imports_finished: 0, mail_held: 1,
      applications_to_check: 0, reports_to_verify: 0, assessments_to_review: 0, plan_tasks: 0 })
    expect(items.find((i) => i.kind === 'referrals_overdue')).toMatchObject({ route: 'referrals', query: { scadute: '1' } })
  })

  it('gives each role only its own work, and a role of another chamber, a partner or a firm nothing', async () => {
    expect(Object.keys(counts(await work('promotore@pid.example')))).toEqual(['referrals_overdue', 'referrals_due_soon', 'plan_tasks', 'help_requests'])
    const bergamo = await chamberId(ctx.db, 'Bergamo')
    expect(await work('leader@pid.example', bergamo)).toEqual([])
    for (const email of ['partner@pid.example', 'impresa@pid.example', 'regione@pid.example']) expect(await work(email), email).toEqual([])
  })
})
