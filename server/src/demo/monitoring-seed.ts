import { sql } from 'kysely'
import { TARGET_METRICS } from '@pid/shared'
import type { Db } from '../db/database.ts'
import type { Jobs } from '../core/jobs.ts'
import { REBUILD_QUEUE } from '../modules/monitoring/index.ts'

/**
 * Network monitoring for a newcomer: the aggregates rebuilt from every module's source (through the
 * module's own job, run here rather than waiting for the night), and with the full demo Milano's
 * targets for this year, set a little above what the demo has done so far (progress well under way).
 */
export async function seedDemoMonitoring(db: Db, jobs: Jobs, options: { targets: boolean }): Promise<void> {
  await jobs.enqueue(db, REBUILD_QUEUE, {})
  await jobs.runOnce([REBUILD_QUEUE])
  if (!options.targets) return
  const chamber = await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirst()
  const leader = await db.selectFrom('app_user').select('id').where('email', '=', 'leader@pid.example').executeTakeFirst()
  if (!chamber) return
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()))
  const { rows } = await sql<{ metric: string; v: string }>`SELECT metric, sum(value) AS v FROM monitoring_fact
    WHERE chamber_id = ${chamber.id} AND month >= make_date(${year}, 1, 1) AND month < make_date(${year + 1}, 1, 1) GROUP BY 1`.execute(db)
  // A floor per metric (a PID's plausible year: firms reached, self-assessments, events, euros paid in vouchers), or 1.6 times the year so far.
  const floor: Record<string, number> = { firms_reached: 300, assessments: 60, events_held: 12, voucher_paid_cents: 25_000_000 }
  const round = (n: number, step: number) => Math.ceil(n / step) * step
  await db.insertInto('monitoring_target').values(TARGET_METRICS.map((metric) => {
    const actual = Number(rows.find((r) => r.metric === metric)?.v ?? 0)
    const step = metric === 'voucher_paid_cents' ? 1_000_000 : 10
    return { chamber_id: chamber.id, year, metric, value: round(Math.max(floor[metric]!, actual * 1.6), step), updated_by: leader?.id ?? null }
  })).onConflict((oc) => oc.doNothing()).execute()
}
