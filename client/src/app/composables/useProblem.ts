import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ProblemParams } from '@pid/shared'
import { ApiError, fallbackCode, type FieldError } from '../api/http'
import { useMoney } from './useMoney'
import { useFormat } from './format'

/** JSON Schema keywords whose message depends on a count (singular/plural on `limit`). */
const COUNTED = new Set(['minLength', 'maxLength', 'minItems', 'maxItems'])

/**
 * Words what the server states as a code and parameters, in the UI language. The server's `detail`
 * and field `message` are English for API consumers and are never shown: a code without words
 * falls back to the generic text of its status (`problems.conflict`, `problems.validation`...).
 */
export function useProblemWords() {
  const { t, te } = useI18n()
  const { euro } = useMoney()
  const { day, dateTime } = useFormat()

  /** A parameter as its name says: cents as euro, `...Date` as a day, `...At` as date and time, vocabularies by name. */
  function param(name: string, value: ProblemParams[string]): string {
    if (Array.isArray(value)) return value.map((v) => param(name, v)).join(', ')
    if (name.endsWith('Cents')) return euro(Number(value))
    if (name.endsWith('Date')) return day(String(value))
    if (name.endsWith('At')) return dateTime(String(value))
    const vocab = `problems.vocab.${name}.${String(value)}`
    return te(vocab) ? t(vocab).toLocaleLowerCase() : String(value)
  }
  const worded = (params: ProblemParams | undefined) =>
    Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, param(k, v)]))

  /** The summary of a failed call. */
  function describe(err: unknown): string {
    if (!(err instanceof ApiError)) return t('problems.internal')
    if (te(`problems.${err.code}`)) return t(`problems.${err.code}`, worded(err.params))
    const generic = fallbackCode(err.status)
    return te(`problems.${generic}`) ? t(`problems.${generic}`) : t('problems.internal')
  }

  /** One field error: a business rule's code, else the JSON Schema keyword with its limit, else "invalid value". */
  function describeField(e: FieldError): string {
    if (e.code && te(`problems.fields.${e.code}`)) return t(`problems.fields.${e.code}`, worded(e.params))
    const k = e.keyword
    if (!k) return t('common.invalidValue')
    const params = e.params ?? {}
    if (k === 'minLength' && Number(params.limit) <= 1) return t('problems.keywords.required')
    if (k === 'format' && params.format === 'email') return t('common.invalidEmail')
    if (!te(`problems.keywords.${k}`)) return t('common.invalidValue')
    // A limit on an amount in cents reads as euro.
    const limit = typeof params.limit === 'number' && /Cents$/.test(e.path) ? euro(params.limit) : params.limit
    const named = { ...worded(params), ...(limit !== undefined ? { limit: String(limit) } : {}) }
    return COUNTED.has(k) ? t(`problems.keywords.${k}`, Number(params.limit), { named }) : t(`problems.keywords.${k}`, named)
  }

  return { describe, describeField }
}

/**
 * Turns a failed call into what a form shows: one summary from the problem `code` and `params`,
 * plus per-field messages keyed by the problem's `errors[].path` ("/email" -> "email"; first wins).
 */
export function useProblem() {
  const { describe, describeField } = useProblemWords()
  const message = ref<string | null>(null)
  const code = ref<string | null>(null)
  const fields = ref<Record<string, string>>({})

  function reset(): void {
    message.value = null
    code.value = null
    fields.value = {}
  }

  function handle(err: unknown): void {
    reset()
    code.value = err instanceof ApiError ? err.code : 'internal'
    message.value = describe(err)
    if (err instanceof ApiError) {
      const map: Record<string, string> = {}
      for (const e of err.fieldErrors) map[e.path.replace(/^\//, '').split('/')[0] ?? ''] ??= describeField(e)
      fields.value = map
    }
    if (!(err instanceof ApiError)) console.error(err)
  }

  /** Client-side checks use the same channel as server field errors. */
  function setField(path: string, text: string): void {
    fields.value = { ...fields.value, [path]: text }
  }

  return { message, code, fields, reset, handle, describe, describeField, setField }
}
