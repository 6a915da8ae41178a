import { useI18n } from 'vue-i18n'
import { formatDay, formatMonth } from './numbers'

/** Dates in the UI language, Rome time (the network is Italian whatever the browser says). */
export function useFormat() {
  const { locale } = useI18n()
  const dateTime = (iso: string | null | undefined): string =>
    iso
      ? new Intl.DateTimeFormat(locale.value === 'it' ? 'it-IT' : 'en-GB', {
          dateStyle: 'short',
          timeStyle: 'short',
          timeZone: 'Europe/Rome',
        }).format(new Date(iso))
      : ''
  const date = (iso: string | null | undefined): string =>
    iso
      ? new Intl.DateTimeFormat(locale.value === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium', timeZone: 'Europe/Rome' }).format(
          new Date(iso),
        )
      : ''
  /** A calendar day or month without a zone ('2027-01-06', '2026-01'). */
  const day = (d: string | null | undefined): string => (d ? formatDay(d, locale.value) : '')
  const month = (m: string, width: 'short' | 'long' = 'short'): string => formatMonth(m, locale.value, width)
  return { dateTime, date, day, month }
}
