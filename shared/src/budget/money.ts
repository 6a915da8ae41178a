/**
 * Exact money for the budget: amounts are integer euro cents; driver quantities (FTE, people,
 * events, PIDs) are decimals with up to three places, held as integer thousandths. Products are
 * computed on BigInt and rounded once, half-up to the cent (only a quantity with three decimals
 * times an odd number of cents can need it).
 */
export const FORMULAS = ['amount', 'fte', 'people', 'events', 'per_pid'] as const
export type Formula = (typeof FORMULAS)[number]

export interface Drivers {
  formula: Formula
  /** thousandths: 26.4 FTE = 26400 */
  quantityMilli: number
  unitCents: number
  extraCents: number
}

const QUANTITY = /^(\d{1,7})(?:\.(\d{1,3}))?$/

/** '26.4' -> 26400; null when the text is not a plain decimal with at most three places. */
export function parseQuantity(text: string): number | null {
  const m = QUANTITY.exec(text.trim())
  if (!m) return null
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'))
}

/** 26400 -> '26.4' (no trailing zeros). */
export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000)
  const frac = String(milli % 1000).padStart(3, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}

function divideHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d)
}

function safe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large')
  return Number(n)
}

/**
 * The amount a line's drivers give, in cents:
 * - amount:  extra (a fixed amount)
 * - fte:     quantity (FTE) x unit (yearly cost of one FTE) + extra (one-off training, in all)
 * - people:  quantity (people) x (unit (pay) + extra (training per person))
 * - events:  quantity (events) x unit (cost of one) + extra (fixed amounts)
 * - per_pid: quantity (PIDs) x unit (amount per PID)
 */
export function formulaCents(d: Drivers): number {
  const q = BigInt(d.quantityMilli)
  const unit = BigInt(d.unitCents)
  const extra = BigInt(d.extraCents)
  switch (d.formula) {
    case 'amount': return safe(extra)
    case 'fte':
    case 'events': return safe(divideHalfUp(q * unit, 1000n) + extra)
    case 'people': return safe(divideHalfUp(q * (unit + extra), 1000n))
    case 'per_pid': return safe(divideHalfUp(q * unit, 1000n))
  }
}

/** 131080000 -> '1310800.00': the exact decimal text of a cent amount (exports, imports). */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

const DECIMAL_EUROS = /^(-?)(\d{1,13})(?:[.,](\d{1,2}))?$/

/** '1310800.00', '1310800', '1310800,5' -> cents; null if not an exact amount of euros and cents. */
export function decimalToCents(text: string): number | null {
  const m = DECIMAL_EUROS.exec(text.trim())
  if (!m) return null
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -cents : cents
}
