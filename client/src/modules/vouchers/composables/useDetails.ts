import { useI18n } from 'vue-i18n'
import type { Detail, DetailParams } from '@pid/shared'
import { useMoney } from '../../../app/composables/useMoney'
import { useFormat } from '../../../app/composables/format'
import { useNetworkNames } from '../../../app/composables/useNetworkNames'

/**
 * What the server found, worded in the UI language: `vouchers.details.<code>` with each parameter
 * shown as its name says (shared/src/vouchers/detail.ts): cents as euro, dates, size classes,
 * register statuses, provinces and declarations by their names.
 */
export function useDetails() {
  const { t } = useI18n()
  const { euro } = useMoney()
  const { day, dateTime } = useFormat()
  const { provinceName } = useNetworkNames()
  const size = (s: string) => t(`crm.vocab.sizes.${s}`).toLocaleLowerCase()

  function param(name: string, value: DetailParams[string]): string {
    if (Array.isArray(value)) {
      const each = name === 'sizeClasses' ? size : name === 'declarations' ? (d: string) => t(`vouchers.details.declarationNames.${d}`) : String
      return value.map(each).join(', ')
    }
    if (name.endsWith('Cents')) return euro(Number(value))
    if (name.endsWith('Date')) return day(String(value))
    if (name === 'closesAt') return dateTime(String(value))
    if (name === 'sizeClass') return size(String(value))
    if (name === 'status') return t(`crm.vocab.statuses.${value}`).toLocaleLowerCase()
    if (name === 'province') return `${provinceName(String(value))}`
    return String(value)
  }

  /** One detail as a phrase. */
  const detail = (d: Detail): string =>
    t(`vouchers.details.${d.code}`, Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, param(k, v)])))
  /** Several, as one sentence. */
  const details = (list: readonly Detail[]): string => list.map(detail).join('; ')
  /** Why a status is what it is: the platform's reason worded, or a person's words as written. */
  const reason = (text: string | null, coded: Detail | null): string => (coded ? detail(coded) : text ?? '')
  return { detail, details, reason }
}
