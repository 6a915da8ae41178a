import { useI18n } from 'vue-i18n'

/** Minutes as hours with one decimal, Italian style ("1,5"). */
export const hours = (minutes: number): string =>
  new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(minutes / 60)

/** A day as dd/mm/yyyy (Rome time). */
export function useShortDate() {
  const { locale } = useI18n()
  return (iso: string | null | undefined): string =>
    iso ? new Intl.DateTimeFormat(locale.value === 'it' ? 'it-IT' : 'en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' }).format(new Date(iso)) : ''
}
