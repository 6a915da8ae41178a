import { useI18n } from 'vue-i18n'
import type { ApplicationStatus, CallPhase, DocumentMediaType, LocalText } from '@pid/shared'

/** File formats by their usual names (the same in every language). */
export const MEDIA_LABELS: Record<DocumentMediaType, string> = {
  'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/pkcs7-mime': 'P7M',
}
/** What a file picker accepts for each format (extensions help phones that do not know the type). */
export const MEDIA_ACCEPT: Record<DocumentMediaType, string> = {
  'application/pdf': 'application/pdf,.pdf', 'image/jpeg': 'image/jpeg,.jpg,.jpeg', 'image/png': 'image/png,.png',
  'application/pkcs7-mime': 'application/pkcs7-mime,.p7m',
}

/** A file's format from its type, or from its extension when the browser does not say (.p7m often). */
export function mediaTypeOf(file: File): DocumentMediaType | null {
  const byType = (Object.keys(MEDIA_LABELS) as DocumentMediaType[]).find((m) => m === file.type || (m === 'application/pkcs7-mime' && file.type === 'application/x-pkcs7-mime'))
  if (byType) return byType
  const ext = file.name.toLowerCase().split('.').pop()
  return ext === 'pdf' ? 'application/pdf' : ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : ext === 'p7m' ? 'application/pkcs7-mime' : null
}

/** How long before the closing instant an open call is shown as "closing". */
export const CLOSING_SOON_MS = 48 * 3600 * 1000

/** Texts, sizes and tags of the vouchers screens, in the UI language. */
export function useVoucherFormat() {
  const { t, locale, n } = useI18n()
  const local = (text: LocalText | null | undefined): string => (text ? (locale.value === 'en' && text.en ? text.en : text.it) : '')
  const fileSize = (bytes: number): string => (bytes >= 1024 * 1024
    ? t('vouchers.size', { n: n(Math.round((bytes / 1024 / 1024) * 10) / 10) })
    : t('vouchers.sizeKb', { n: n(Math.max(1, Math.round(bytes / 1024))) }))
  const types = (ms: readonly DocumentMediaType[]): string => ms.map((m) => MEDIA_LABELS[m]).join(', ')
  /** The phase as shown: an open call closing within 48 hours is "closing". */
  const phase = (p: CallPhase, closesAt: string, now: number = Date.now()): CallPhase | 'closing' =>
    p === 'open' && new Date(closesAt).getTime() - now < CLOSING_SOON_MS ? 'closing' : p
  const phaseSeverity = (p: CallPhase | 'closing'): string =>
    ({ draft: 'secondary', scheduled: 'info', open: 'success', closing: 'warn', closed: 'secondary', closed_exhausted: 'danger' })[p]
  const statusSeverity = (s: ApplicationStatus): string =>
    ({ draft: 'secondary', submitted: 'info', funded: 'success', reserve: 'warn', withdrawn: 'secondary', not_admitted: 'danger',
      granted: 'success', not_funded: 'warn', revoked: 'danger', paid: 'success' })[s]
  return { local, fileSize, types, phase, phaseSeverity, statusSeverity }
}
