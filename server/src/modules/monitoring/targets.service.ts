import { sql } from 'kysely'
import { TARGET_METRICS, type ChamberTargets, type SetTargetsBody, type TargetMetric } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import type { ScopeChamber } from '../crm/index.ts'

/**
 * The leaders' yearly targets and their progress: the actual figure is the year's sum in the
 * aggregates (all sections and sizes). A year's targets are set as a whole, audited in the same
 * transaction.
 */

export const thisYear = (now = new Date()) => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now))

const oneDecimal = (x: number) => Math.round(x * 10) / 10

/**
 * The year's targets of each chamber, side by side. `withNames`: who set them (a chamber's own
 * staff); the region's and the network's overview carry no person (updatedBy null).
 */
export async function targetsOf(db: DbOrTx, chambers: ScopeChamber[], year: number, withNames: boolean): Promise<ChamberTargets[]> {
  const ids = chambers.map((c) => c.id)
  if (ids.length === 0) return []
  const [targets, actuals] = await Promise.all([
    db.selectFrom('monitoring_target as t').leftJoin('app_user as u', 'u.id', 't.updated_by')
      .select(['t.chamber_id', 't.metric', 't.value', 't.updated_at', 'u.name as updated_by_name'])
      .where('t.chamber_id', 'in', ids).where('t.year', '=', year).execute(),
    sql<{ chamber_id: number; metric: string; v: string }>`SELECT chamber_id, metric, sum(value) AS v FROM monitoring_fact
      WHERE chamber_id = ANY(${sql.val(ids)}::bigint[]) AND metric = ANY(${sql.val([...TARGET_METRICS])}::text[])
        AND month >= make_date(${year}, 1, 1) AND month < make_date(${year + 1}, 1, 1)
      GROUP BY 1, 2`.execute(db),
  ])
  return chambers.map((c) => {
    const mine = targets.filter((t) => t.chamber_id === c.id)
    const latest = mine.reduce<(typeof mine)[number] | null>((a, t) => (!a || t.updated_at > a.updated_at ? t : a), null)
    return {
      chamberId: c.id, name: c.name, year,
      items: TARGET_METRICS.map((metric) => {
        const target = mine.find((t) => t.metric === metric)?.value ?? null
        const actual = Number(actuals.rows.find((r) => Number(r.chamber_id) === c.id && r.metric === metric)?.v ?? 0)
        return { metric, target, actual, progress: target ? oneDecimal((actual * 100) / target) : null }
      }),
      updatedAt: latest ? latest.updated_at.toISOString() : null,
      updatedBy: withNames ? latest?.updated_by_name ?? null : null,
    }
  })
}

/** Sets a chamber's year: each metric's target, or none (null clears it). Unchanged values keep their stamp. */
export async function setTargets(db: Db, chamber: ScopeChamber, year: number, body: SetTargetsBody, ctx: AuditContext): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('monitoring_target').select(['metric', 'value']).where('chamber_id', '=', chamber.id)
      .where('year', '=', year).forUpdate().execute()
    const before = Object.fromEntries(rows.map((r) => [r.metric, r.value]))
    const after: Partial<Record<TargetMetric, number>> = {}
    for (const metric of TARGET_METRICS) {
      const value = body.targets[metric]
      if (value === null) continue
      after[metric] = value
    }
    const cleared = TARGET_METRICS.filter((m) => body.targets[m] === null)
    if (cleared.length) {
      await tx.deleteFrom('monitoring_target').where('chamber_id', '=', chamber.id).where('year', '=', year).where('metric', 'in', cleared).execute()
    }
    const changed = Object.entries(after).filter(([m, v]) => before[m] !== v)
    if (changed.length) {
      await tx.insertInto('monitoring_target')
        .values(changed.map(([metric, value]) => ({ chamber_id: chamber.id, year, metric, value, updated_by: ctx.actorId, updated_at: sql`now()` })))
        .onConflict((oc) => oc.columns(['chamber_id', 'year', 'metric']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at'),
        })))
        .execute()
    }
    await audit(tx, ctx, { chamberId: chamber.id, action: 'monitoring.targets.set', entity: 'monitoring_target', entityId: `${chamber.id}:${year}`, before, after })
  })
}
