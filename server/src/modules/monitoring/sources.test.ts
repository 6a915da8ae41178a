import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MONITORING_METRICS, type MonitoringFigures } from '@pid/shared'
import { createTestContext, loginDemo, type TestContext } from '../../../test/helpers.ts'
import { thisMonth } from './figures.service.ts'

/**
 * Every module's figure source against direct counts of its own tables, on the whole demo (the seed
 * rebuilds the aggregates): the network's totals over the last ten years equal the rows of each kind.
 */
let ctx: TestContext
beforeAll(async () => { ctx = await createTestContext({ crmDemo: true }) })
afterAll(async () => { await ctx.close() })

const one = async (query: ReturnType<typeof sql<{ n: string | null }>>) => Number((await query.execute(ctx.db)).rows[0]!.n ?? 0)

describe('figure sources', () => {
  it("give the network's totals the modules' own tables give", async () => {
    const auth = { authorization: `Bearer ${(await loginDemo(ctx, 'nazionale@pid.example')).token}` }
    const to = thisMonth()
    const from = `${Number(to.slice(0, 4)) - 9}-01`
    const f: MonitoringFigures = (await ctx.http().get(`/api/v1/monitoring/figures?from=${from}&to=${to}&granularity=year`).set(auth).expect(200)).body
    const total = (metric: string) => f.series.find((s) => s.metric === metric)!.values.reduce((a, b) => a + b, 0)
    const direct: Record<string, number> = {
      touches: await one(sql`SELECT count(*) AS n FROM timeline_event WHERE type NOT IN ('stage_change', 'registry_update', 'merge') AND occurred_at <= now()`),
      firms_reached: await one(sql`SELECT count(DISTINCT firm_id) AS n FROM timeline_event WHERE type NOT IN ('stage_change', 'registry_update', 'merge') AND occurred_at <= now()`),
      stage_advances: await one(sql`SELECT count(*) AS n FROM stage_change WHERE to_stage > from_stage`),
      mailing_recipients: await one(sql`SELECT count(*) AS n FROM mailing_recipient WHERE sent_at IS NOT NULL`),
      events_held: await one(sql`SELECT count(*) AS n FROM ec_event WHERE status = 'published' AND starts_at <= now()`),
      event_attendances: await one(sql`SELECT count(*) AS n FROM ec_registration WHERE checked_in_at IS NOT NULL`),
      assessments: await one(sql`SELECT count(*) AS n FROM assessment WHERE status = 'submitted'`),
      assessment_score_sum: await one(sql`SELECT sum(overall) AS n FROM assessment WHERE status = 'submitted'`),
      mentoring_pairs: await one(sql`SELECT count(*) AS n FROM mentoring_match WHERE status IN ('accepted', 'closed') AND responded_at IS NOT NULL`),
      mentoring_sessions: await one(sql`SELECT count(*) AS n FROM mentoring_session WHERE held_at <= now()`),
      voucher_applications: await one(sql`SELECT count(*) AS n FROM voucher_application WHERE submitted_at IS NOT NULL`),
      voucher_grants: await one(sql`SELECT count(*) AS n FROM voucher_application WHERE status IN ('granted', 'paid', 'revoked') AND decided_at IS NOT NULL`),
      voucher_granted_cents: await one(sql`SELECT sum(granted_cents) AS n FROM voucher_application WHERE status IN ('granted', 'paid', 'revoked') AND decided_at IS NOT NULL`),
      voucher_paid_cents: await one(sql`SELECT sum(amount_cents) AS n FROM voucher_payment`),
    }
    for (const [metric, n] of Object.entries(direct)) expect({ metric, n: total(metric) }).toEqual({ metric, n })
    // The demo feeds most of them: a newcomer sees figures, not zeros.
    expect(MONITORING_METRICS.filter((m) => total(m) > 0).length).toBeGreaterThanOrEqual(10)
  })
})
