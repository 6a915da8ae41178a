import { centsToDecimal } from './money.ts'
import { planTotals, type RuleLine } from './rules.ts'
import { formatPermille, sharesPermille } from './shares.ts'

/**
 * What a plan document states besides its lines: totals and shares, as typed by people. Checked
 * against what the lines add up to, so that a slip is reported with its difference instead of
 * being stored or printed beside numbers that disagree.
 */
export interface StatedFigures {
  totalCents?: number
  /** total excluding vouchers */
  subtotalCents?: number
  internalCents?: number
  servicesCents?: number
  /** per mille, by line category, plus 'subtotal', 'internal', 'services' */
  sharesPm?: Record<string, number>
}

export interface Difference {
  item: string
  statedCents: number | null
  computedCents: number | null
  differenceCents: number | null
  statedPm: number | null
  computedPm: number | null
  message: string
}

export interface ReconcileLine extends RuleLine { label: string }

/** Every disagreement between the stated figures and the lines; empty when all match. */
export function reconcile(lines: readonly ReconcileLine[], stated: StatedFigures): Difference[] {
  const totals = planTotals(lines)
  const out: Difference[] = []
  const amount = (item: string, label: string, s: number | undefined, computed: number) => {
    if (s === undefined || s === computed) return
    out.push({
      item, statedCents: s, computedCents: computed, differenceCents: s - computed, statedPm: null, computedPm: null,
      message: `${label}: stated ${centsToDecimal(s)}, the lines add up to ${centsToDecimal(computed)} (difference ${centsToDecimal(s - computed)})`,
    })
  }
  amount('total', 'total', stated.totalCents, totals.totalCents)
  amount('subtotal', 'total excluding vouchers', stated.subtotalCents, totals.subtotalCents)
  amount('internal', 'internal costs', stated.internalCents, totals.internalCents)
  amount('services', 'services and contributions to firms', stated.servicesCents, totals.servicesCents)
  // The allocation split stated on its own must add up to the stated total too (Brescia's slip).
  if (stated.internalCents !== undefined && stated.servicesCents !== undefined && stated.totalCents !== undefined) {
    const parts = stated.internalCents + stated.servicesCents
    if (parts !== stated.totalCents) {
      out.push({
        item: 'allocation', statedCents: stated.totalCents, computedCents: parts, differenceCents: stated.totalCents - parts, statedPm: null, computedPm: null,
        message: `stated allocation ${centsToDecimal(stated.totalCents)} but internal ${centsToDecimal(stated.internalCents)} + services ${centsToDecimal(stated.servicesCents)} = ${centsToDecimal(parts)} (difference ${centsToDecimal(stated.totalCents - parts)})`,
      })
    }
  }
  const computed = new Map<string, number>()
  const lineShares = sharesPermille(lines.map((l) => l.plannedCents))
  lines.forEach((l, i) => computed.set(l.category, lineShares[i]!))
  computed.set('subtotal', lines.reduce((s, l, i) => s + (l.category === 'vouchers' ? 0 : lineShares[i]!), 0))
  computed.set('internal', lines.reduce((s, l, i) => s + (l.nature === 'internal' ? lineShares[i]! : 0), 0))
  computed.set('services', totals.totalCents > 0 ? 1000 - computed.get('internal')! : 0)
  computed.set('total', totals.totalCents > 0 ? 1000 : 0)
  for (const [item, pm] of Object.entries(stated.sharesPm ?? {})) {
    const c = computed.get(item)
    if (c === pm) continue
    const label = lines.find((l) => l.category === item)?.label ?? item
    out.push({
      item: `share:${item}`, statedCents: null, computedCents: null, differenceCents: null, statedPm: pm, computedPm: c ?? null,
      message: c === undefined ? `share of ${label}: stated ${formatPermille(pm)}% but the plan has no such line`
        : `share of ${label}: stated ${formatPermille(pm)}%, the amounts give ${formatPermille(c)}% (difference ${formatPermille(pm - c)} points)`,
    })
  }
  return out
}
