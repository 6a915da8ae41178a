import { MONITORING_METRICS, TARGET_METRICS, type MonitoringFunnel, type MonitoringMetric, type TargetMetric } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import type { BudgetService, YearBudget } from '../budget/index.ts'
import type { ScopeChamber } from '../crm/index.ts'
import { figures, funnel } from './figures.service.ts'
import { targetsOf } from './targets.service.ts'

/**
 * The yearly activity report's content, one model for the PDF and the XLSX: the year's figures by
 * quarter (from the aggregates, as the figures route answers), the funnel as it stands now (the
 * aggregates keep no past snapshots), the targets and their progress, and the budget's execution
 * through the budget module's public service. A region: its totals and each chamber's line.
 */

export type Totals = Record<MonitoringMetric, number>
export interface TargetRow { metric: TargetMetric; target: number | null; actual: number; progress: number | null }
export interface ChamberLine { chamberId: number; name: string; totals: Totals; targets: TargetRow[]; budget: YearBudget | null }

export interface YearReport {
  scope: 'chamber' | 'region'
  /** The chamber's name, or "Regione Lombardia". */
  title: string
  year: number
  producedAt: Date
  quarters: string[]
  /** metric -> one value per quarter (euros in cents). */
  byQuarter: Totals[]
  totals: Totals
  meanMaturity: number | null
  funnel: MonitoringFunnel['stages']
  targets: TargetRow[]
  budget: YearBudget | null
  /** Region: every chamber side by side (merged predecessors included: their history counts). */
  chambers: ChamberLine[]
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10
const progressOf = (actual: number, target: number | null) => (target ? oneDecimal((actual * 100) / target) : null)

/** Several chambers' plans as one: sums, and the voucher share of the summed plan (per mille). */
export function sumBudgets(budgets: YearBudget[]): YearBudget | null {
  if (budgets.length === 0) return null
  const s = (f: (b: YearBudget) => number) => budgets.reduce((a, b) => a + f(b), 0)
  const planned = s((b) => b.plannedCents), voucher = s((b) => b.voucherCents)
  return { plannedCents: planned, committedCents: s((b) => b.committedCents), spentCents: s((b) => b.spentCents),
    voucherCents: voucher, voucherSharePm: planned > 0 ? Math.round((voucher * 1000) / planned) : 0 }
}

export async function yearReport(db: DbOrTx, budget: BudgetService, scope: 'chamber' | 'region', title: string,
  chambers: ScopeChamber[], year: number, now = new Date()): Promise<YearReport> {
  const range = { from: `${year}-01`, to: `${year}-12` }
  const [quarterly, stages, targets, budgets] = await Promise.all([
    figures(db, scope, chambers, { ...range, granularity: 'quarter' }),
    funnel(db, scope, chambers, {}),
    // Targets are set by chambers in office: merged predecessors have none.
    targetsOf(db, chambers.filter((c) => c.mergedIntoId === null), year, false),
    budget.yearTotals(db, chambers.map((c) => c.id), year),
  ])
  const byQuarter = quarterly.periods.map((_, i) =>
    Object.fromEntries(MONITORING_METRICS.map((m) => [m, quarterly.series.find((s) => s.metric === m)?.values[i] ?? 0])) as Totals)
  const totals = Object.fromEntries(MONITORING_METRICS.map((m) => [m, byQuarter.reduce((a, q) => a + q[m], 0)])) as Totals
  const assessments = totals.assessments
  const lines: ChamberLine[] = chambers.map((c) => {
    const own = quarterly.perChamber?.find((p) => p.chamberId === c.id)?.totals ?? totals
    const t = targets.find((x) => x.chamberId === c.id)
    return {
      chamberId: c.id, name: c.name, totals: Object.fromEntries(MONITORING_METRICS.map((m) => [m, own[m] ?? 0])) as Totals,
      targets: t?.items ?? [], budget: budgets.get(c.id) ?? null,
    }
  })
  // The scope's targets: the sum of those set, against the scope's whole figure.
  const targetRows: TargetRow[] = TARGET_METRICS.map((metric) => {
    const set = targets.flatMap((t) => t.items.filter((i) => i.metric === metric && i.target !== null).map((i) => i.target!))
    const target = set.length ? set.reduce((a, b) => a + b, 0) : null
    return { metric, target, actual: totals[metric], progress: progressOf(totals[metric], target) }
  })
  return {
    scope, title, year, producedAt: now,
    quarters: quarterly.periods.map((p) => `T${p.slice(-1)}`),
    byQuarter, totals,
    meanMaturity: assessments > 0 ? oneDecimal(totals.assessment_score_sum / assessments) : null,
    funnel: stages.stages, targets: targetRows,
    budget: sumBudgets([...budgets.values()]),
    chambers: scope === 'region' ? lines : [],
  }
}
