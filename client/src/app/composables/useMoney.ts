import { useI18n } from 'vue-i18n'
import { formatPermille, type ViolationDto } from '@pid/shared'
import { formatEuro } from './numbers'

/** Euro amounts (from integer cents), shares (per mille, one decimal) and rule violations, in the UI language. */
export function useMoney() {
  const { locale, t } = useI18n()
  const decimalComma = (s: string) => (locale.value === 'it' ? s.replace('.', ',') : s)
  const euro = (cents: number): string => formatEuro(cents, locale.value)
  const share = (pm: number | null): string => (pm === null ? '' : `${decimalComma(formatPermille(pm))}%`)
  const quantity = (q: string): string => decimalComma(q)
  const violation = (v: ViolationDto): string => {
    const params = { year: v.year ?? '', actual: share(v.actualPm), threshold: share(v.thresholdPm), amount: euro(v.byCents) }
    return `${t(`budget.rules.${v.rule}`, params)} ${t(`budget.rules.fixes.${v.fix}`, params)}`
  }
  return { euro, share, quantity, violation }
}
