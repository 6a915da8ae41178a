import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/http'

/**
 * Turns a failed call into what a form shows: one translated summary from the problem `code`,
 * plus per-field messages keyed by the problem's `errors[].path` ("/email" -> "email").
 */
export function useProblem() {
  const { t, te } = useI18n()
  const message = ref<string | null>(null)
  const code = ref<string | null>(null)
  const fields = ref<Record<string, string>>({})

  function reset(): void {
    message.value = null
    code.value = null
    fields.value = {}
  }

  function describe(err: unknown): string {
    const c = err instanceof ApiError ? err.code : 'internal'
    return te(`problems.${c}`) ? t(`problems.${c}`) : t('problems.internal')
  }

  function handle(err: unknown): void {
    reset()
    code.value = err instanceof ApiError ? err.code : 'internal'
    message.value = describe(err)
    if (err instanceof ApiError) {
      // Server validation texts are technical English: show a translated label, keep the detail as a hint.
      const map: Record<string, string> = {}
      for (const [path, msg] of Object.entries(err.fieldMap())) map[path] = `${t('common.invalidValue')} (${msg})`
      fields.value = map
    }
    if (!(err instanceof ApiError)) console.error(err)
  }

  /** Client-side checks use the same channel as server field errors. */
  function setField(path: string, text: string): void {
    fields.value = { ...fields.value, [path]: text }
  }

  return { message, code, fields, reset, handle, describe, setField }
}
