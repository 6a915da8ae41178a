import type { ApiError, FieldError } from '../../../app/api/http'

type T = (key: string, params?: Record<string, unknown>) => string

/** The id of the control an error key belongs to (for the summary's links), or null when no single control does. */
export function errorTarget(key: string): string | null {
  const exp = /^expenses\/(\d+)\/(category|supplierName|supplierVat|description|amountCents)$/.exec(key)
  if (exp) return `exp-${exp[1]}-${{ category: 'category', supplierName: 'supplier', supplierVat: 'vat', description: 'description', amountCents: 'amount' }[exp[2]!]}`
  if (key.startsWith('contact/')) return `contact-${key.slice(8)}`
  if (key === 'declarations/deMinimisAidCents') return 'decl-deMinimisAid'
  if (key.startsWith('declarations/')) return `decl-${key.slice(13)}`
  if (key.startsWith('documents/')) return `doc-${key.slice(10)}-file`
  return null
}

/**
 * A refused submission's field errors in the form's keys and the user's language. The server's
 * texts are English for API consumers and never shown: known paths get the form's own words, the rest
 * are worded from their code or JSON Schema keyword (`describeField`, useProblem).
 */
export function serverErrors(err: ApiError, t: T, describeField: (e: FieldError) => string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of err.fieldErrors) {
    const path = e.path.replace(/^\//, '')
    const check = /^eligibility\/(\w+)$/.exec(path)
    if (path === 'contact') out['contact/email'] ??= t('vouchers.firm.required')
    else if (path.startsWith('documents/')) out[path] ??= t('vouchers.firm.documentMissing')
    else if (check) out[path] = t('vouchers.firm.requirementNotMet', { check: t(`vouchers.application.checks.${check[1]}`) })
    else if (path === 'declarations/deMinimisAidCents') out[path] = t('problems.voucher_de_minimis_exceeded')
    else out[path] ??= path === 'expenses' ? `${t('vouchers.firm.steps.expenses')}: ${describeField(e)}` : describeField(e)
  }
  return out
}
