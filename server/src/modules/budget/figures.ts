import {
  formatQuantity, formulaCents, planTotals, sharesPermille, VOUCHER_CATEGORY,
  type FigureLine, type PlanLine, type PlanTotals, type Thresholds,
} from '@pid/shared'
import type { Selectable } from 'kysely'
import type { BudgetLineTable, BudgetProgrammeTable } from './tables.ts'

/**
 * Rows to API figures. Shares follow the one rule of @pid/shared (largest remainder, one decimal);
 * a group's share (total without vouchers, internal costs) is the sum of its lines' shares, so
 * every table adds up.
 */
export interface Amounts { category: string; label: string; nature: 'internal' | 'services'; plannedCents: number; committedCents: number; spentCents: number }

export function thresholdsOf(p: Selectable<BudgetProgrammeTable>): Thresholds {
  return {
    voucherShareMinYearPm: p.voucher_share_min_year_pm,
    voucherShareMinProgrammePm: p.voucher_share_min_programme_pm,
    internalShareMaxPm: p.internal_share_max_pm,
  }
}

export const amountsOf = (l: Selectable<BudgetLineTable>): Amounts => ({
  category: l.category, label: l.label, nature: l.nature,
  plannedCents: l.planned_cents, committedCents: l.committed_cents, spentCents: l.spent_cents,
})

export function planLines(rows: Selectable<BudgetLineTable>[]): PlanLine[] {
  const shares = sharesPermille(rows.map((r) => r.planned_cents))
  return rows.map((r, i) => ({
    id: r.id, position: r.position, category: r.category, label: r.label, nature: r.nature, startUp: r.start_up,
    formula: r.formula, quantity: formatQuantity(r.quantity_milli), unitCents: r.unit_cents, extraCents: r.extra_cents,
    formulaCents: formulaCents({ formula: r.formula, quantityMilli: r.quantity_milli, unitCents: r.unit_cents, extraCents: r.extra_cents }),
    adjustmentCents: r.adjustment_cents, plannedCents: r.planned_cents, committedCents: r.committed_cents, spentCents: r.spent_cents,
    availableCents: r.planned_cents - r.committed_cents - r.spent_cents, sharePm: shares[i]!,
  }))
}

export function figureLines(lines: readonly Amounts[]): FigureLine[] {
  const shares = sharesPermille(lines.map((l) => l.plannedCents))
  return lines.map((l, i) => ({
    category: l.category, label: l.label, nature: l.nature, plannedCents: l.plannedCents, committedCents: l.committedCents,
    spentCents: l.spentCents, availableCents: l.plannedCents - l.committedCents - l.spentCents, sharePm: shares[i]!,
  }))
}

export function totalsOf(lines: readonly Amounts[]): PlanTotals {
  const t = planTotals(lines)
  const shares = sharesPermille(lines.map((l) => l.plannedCents))
  const sumShares = (pred: (l: Amounts) => boolean) => lines.reduce((s, l, i) => s + (pred(l) ? shares[i]! : 0), 0)
  const committed = lines.reduce((s, l) => s + l.committedCents, 0)
  const spent = lines.reduce((s, l) => s + l.spentCents, 0)
  return {
    subtotalCents: t.subtotalCents, subtotalSharePm: sumShares((l) => l.category !== VOUCHER_CATEGORY),
    voucherCents: t.voucherCents, voucherSharePm: sumShares((l) => l.category === VOUCHER_CATEGORY),
    totalCents: t.totalCents,
    internalCents: t.internalCents, internalSharePm: sumShares((l) => l.nature === 'internal'),
    servicesCents: t.servicesCents, servicesSharePm: sumShares((l) => l.nature === 'services'),
    committedCents: committed, spentCents: spent, availableCents: t.totalCents - committed - spent,
  }
}

/** Lines of several plans summed by category, in the order categories first appear. */
export function sumByCategory(lines: readonly Amounts[]): Amounts[] {
  const out = new Map<string, Amounts>()
  for (const l of lines) {
    const acc = out.get(l.category)
    if (!acc) out.set(l.category, { ...l })
    else {
      acc.plannedCents += l.plannedCents
      acc.committedCents += l.committedCents
      acc.spentCents += l.spentCents
    }
  }
  return [...out.values()]
}
