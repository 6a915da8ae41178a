import { sql } from 'kysely'
import { MONITORING_METRICS, type FiguresQuery, type FunnelQuery, type Granularity, type MonitoringFigures, type MonitoringFunnel } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { badRequest } from '../../core/errors.ts'
import type { MonitoringScopeRef, ScopeChamber } from '../crm/index.ts'

/**
 * Figures and funnel answered from the maintained aggregates (monitoring_fact, monitoring_stage):
 * one grouped query over at most a few thousand rows, whatever the size of the network.
 */

/** Ten years of months at most: a decade's yearly comparison, never an unbounded scan. */
const MAX_MONTHS = 120

/** 'YYYY-MM' of today in Rome. */
export const thisMonth = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' }).format(now).slice(0, 7)

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7)
}

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m)
  return months
}

/** The month's period at a granularity: '2026-03', '2026-Q1' or '2026'. */
export function periodOf(month: string, granularity: Granularity): string {
  if (granularity === 'year') return month.slice(0, 4)
  if (granularity === 'quarter') return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`
  return month
}

/** The months asked for: as given, or the last 12 (this one included); 400 when reversed or too long. */
export function monthRange(query: { from?: string; to?: string }): { from: string; to: string } {
  const to = query.to ?? thisMonth()
  const from = query.from ?? addMonths(to, -11)
  if (from > to) throw badRequest('the period ends before it starts', [{ path: '/querystring/to', message: 'before from' }])
  if (monthsBetween(from, to).length > MAX_MONTHS) {
    throw badRequest(`the period spans more than ${MAX_MONTHS} months`, [{ path: '/querystring/from', message: 'period too long' }])
  }
  return { from, to }
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10

async function updatedAt(db: DbOrTx): Promise<string | null> {
  const state = await db.selectFrom('monitoring_state').select('refreshed_at').executeTakeFirst()
  return state?.refreshed_at ? state.refreshed_at.toISOString() : null
}

const filters = (q: { section?: string; sizeClass?: string }) => sql.join([
  sql`true`,
  ...(q.section ? [sql`ateco_section = ${q.section}`] : []),
  ...(q.sizeClass ? [sql`size_class = ${q.sizeClass}`] : []),
], sql` AND `)

export async function figures(db: DbOrTx, scope: MonitoringScopeRef['kind'], chambers: ScopeChamber[], query: FiguresQuery): Promise<MonitoringFigures> {
  const { from, to } = monthRange(query)
  const granularity = query.granularity ?? 'month'
  const ids = chambers.map((c) => c.id)
  const months = monthsBetween(from, to)
  const periods = [...new Set(months.map((m) => periodOf(m, granularity)))]
  const where = sql`chamber_id = ANY(${sql.val(ids)}::bigint[]) AND month >= ${`${from}-01`}::date AND month <= ${`${to}-01`}::date AND ${filters(query)}`
  const [byMonth, byChamber, refreshed] = await Promise.all([
    sql<{ month: string; metric: string; v: string }>`SELECT to_char(month, 'YYYY-MM') AS month, metric, sum(value) AS v
      FROM monitoring_fact WHERE ${where} GROUP BY 1, 2`.execute(db),
    scope === 'chamber' ? null : sql<{ chamber_id: number; metric: string; v: string }>`SELECT chamber_id, metric, sum(value) AS v
      FROM monitoring_fact WHERE ${where} GROUP BY 1, 2`.execute(db),
    updatedAt(db),
  ])

  const index = new Map(periods.map((p, i) => [p, i]))
  const values = new Map(MONITORING_METRICS.map((m) => [m as string, periods.map(() => 0)]))
  for (const r of byMonth.rows) {
    const row = values.get(r.metric)
    if (row) row[index.get(periodOf(r.month, granularity))!]! += Number(r.v)
  }
  const assessments = values.get('assessments')!
  const scores = values.get('assessment_score_sum')!
  const totals = new Map<number, Record<string, number>>()
  for (const r of byChamber?.rows ?? []) {
    const t = totals.get(Number(r.chamber_id)) ?? {}
    t[r.metric] = Number(r.v)
    totals.set(Number(r.chamber_id), t)
  }
  return {
    scope, granularity, periods,
    series: MONITORING_METRICS.map((metric) => ({ metric, values: values.get(metric)! })),
    meanMaturity: periods.map((_, i) => (assessments[i]! > 0 ? oneDecimal(scores[i]! / assessments[i]!) : null)),
    ...(scope === 'chamber' ? {} : {
      perChamber: chambers.map((c) => ({
        chamberId: c.id, name: c.name, provinceCodes: c.provinceCodes,
        totals: Object.fromEntries(MONITORING_METRICS.map((m) => [m, totals.get(c.id)?.[m] ?? 0])),
      })),
    }),
    updatedAt: refreshed,
  }
}

/** The awareness funnel now: firms at each stage, those at it or beyond, and the share that went on. */
export async function funnel(db: DbOrTx, scope: MonitoringScopeRef['kind'], chambers: ScopeChamber[], query: FunnelQuery): Promise<MonitoringFunnel> {
  const ids = chambers.map((c) => c.id)
  const [{ rows }, refreshed] = await Promise.all([
    sql<{ stage: number; n: string }>`SELECT stage, sum(firms) AS n FROM monitoring_stage
      WHERE chamber_id = ANY(${sql.val(ids)}::bigint[]) AND ${filters(query)} GROUP BY 1`.execute(db),
    updatedAt(db),
  ])
  const firms = [0, 1, 2, 3, 4, 5, 6].map((s) => Number(rows.find((r) => r.stage === s)?.n ?? 0))
  const reached = firms.map((_, s) => firms.slice(s).reduce((a, b) => a + b, 0))
  return {
    scope,
    stages: firms.map((n, stage) => ({
      stage, firms: n, reached: reached[stage]!,
      conversion: stage === 0 || reached[stage - 1] === 0 ? null : oneDecimal((reached[stage]! * 100) / reached[stage - 1]!),
    })),
    updatedAt: refreshed,
  }
}
