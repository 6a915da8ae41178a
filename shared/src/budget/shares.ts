/**
 * The one rounding rule for shares: percentages with one decimal (per mille, 156 = 15.6%) by the
 * largest-remainder method. Each part gets the floor of its exact per-mille quota; the units still
 * missing to 1000 go to the parts with the largest remainders (on ties, the earlier part), so the
 * shown shares always add up to exactly 100.0%. A group's share (e.g. "total excluding vouchers")
 * is the sum of its parts' shares, so the table adds up row by row as well.
 *
 * Half-up rounding would not: on the seed's plan it gives support services 9.4% and lines that add
 * up to 44.9% while their subtotal shows 44.8%. The seed's own table (9.3%) is the largest-remainder
 * one; it is reproduced exactly.
 */
export function sharesPermille(amounts: readonly number[]): number[] {
  const total = amounts.reduce((s, a) => s + BigInt(a), 0n)
  if (total <= 0n) return amounts.map(() => 0)
  const parts = amounts.map((a, i) => {
    const scaled = BigInt(a) * 1000n
    return { i, floor: scaled / total, rest: scaled % total }
  })
  let missing = 1000n - parts.reduce((s, p) => s + p.floor, 0n)
  const order = [...parts].sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1))
  const out = parts.map((p) => p.floor)
  for (const p of order) {
    if (missing <= 0n) break
    out[p.i]! += 1n
    missing -= 1n
  }
  return out.map(Number)
}

/** The share of `part` in `total`, by the same rule (the part against the rest). */
export function sharePermille(part: number, total: number): number {
  return sharesPermille([part, total - part])[0]!
}

/** 156 -> '15.6' */
export function formatPermille(pm: number): string {
  const abs = Math.abs(pm)
  return `${pm < 0 ? '-' : ''}${Math.floor(abs / 10)}.${abs % 10}`
}

const PERCENT = /^(\d{1,3})(?:[.,](\d))?\s*%?$/

/** '15.6', '15,6%', '20%' -> 156, 156, 200; null otherwise. */
export function parsePercentPermille(text: string): number | null {
  const m = PERCENT.exec(text.trim())
  if (!m) return null
  const pm = Number(m[1]) * 10 + Number(m[2] ?? '0')
  return pm <= 1000 ? pm : null
}
