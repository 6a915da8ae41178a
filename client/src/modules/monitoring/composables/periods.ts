import { formatMonth, type UiLocale } from '../../../app/composables/numbers'

/** 'YYYY-MM' of a date in Rome (the network's calendar, whatever the browser's zone). */
export function romeMonth(date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' }).format(date).slice(0, 7)
}

/** The month `n` months after 'YYYY-MM' (before, when negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** The last `count` months up to `last`, newest first. */
export function monthsBack(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, -i))
}

/**
 * A period of the figures in words: '2026-03' as "mar 2026", '2026-Q1' through `quarter` ("1º trim.
 * 2026"), a year as itself. Never the ISO form, which an Italian page does not show.
 */
export function periodLabel(period: string, locale: UiLocale, quarter: (n: number, year: string) => string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period)
  if (q) return quarter(Number(q[2]), q[1]!)
  if (/^\d{4}-\d{2}$/.test(period)) return formatMonth(period, locale)
  return period
}
