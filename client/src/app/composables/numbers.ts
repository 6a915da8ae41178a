/**
 * Numbers, amounts and months in the UI language, one way everywhere (tables, text, chart axes).
 * Italian groups thousands from 1.000 on: Intl's it-IT leaves 4750 ungrouped (minimumGroupingDigits
 * 2), which reads oddly beside 15.000, so grouping is always on.
 */
export type UiLocale = 'it' | 'en' | string

const tag = (locale: UiLocale) => (locale === 'it' ? 'it-IT' : 'en-GB')

export function formatNumber(n: number, locale: UiLocale, fractionDigits?: number): string {
  return new Intl.NumberFormat(tag(locale), { useGrouping: 'always', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits ?? 2 }).format(n)
}

/** Integer cents as euro: "4.750,00 €" in Italian, "€4,750.00" in English. */
export function formatEuro(cents: number, locale: UiLocale): string {
  return new Intl.NumberFormat(tag(locale), { style: 'currency', currency: 'EUR', useGrouping: 'always' }).format(cents / 100)
}

/** A month 'YYYY-MM' as "gen 2026" / "Jan 2026" (chart axes), or "gennaio 2026" in running text. */
export function formatMonth(month: string, locale: UiLocale, width: 'short' | 'long' = 'short'): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Intl.DateTimeFormat(tag(locale), { month: width, year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)))
}

/** A calendar day 'YYYY-MM-DD' (no time, no zone) as "6 gen 2027" / "6 Jan 2027". */
export function formatDay(day: string, locale: UiLocale): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
}

/** ECharts value-axis labels in the UI language (ECharts itself writes "100,000"). */
export const numberAxisLabel = (locale: UiLocale) => ({ formatter: (v: number) => formatNumber(v, locale) })

/**
 * Value-axis labels for a narrow chart: millions as "2 Mln" / "2M" (a phone has no room for three
 * "2.000.000"), smaller amounts in full.
 */
export const compactAxisLabel = (locale: UiLocale) => ({
  formatter: (v: number) => (Math.abs(v) >= 1_000_000
    ? new Intl.NumberFormat(tag(locale), { notation: 'compact', maximumFractionDigits: 1 }).format(v)
    : formatNumber(v, locale)),
})
