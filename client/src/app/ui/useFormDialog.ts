import { ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useProblem } from '../composables/useProblem'

/**
 * What a form dialog does around its own fields: each time it opens it shows no problem and runs
 * `onOpen` (reset the fields, load the options); `requireFilled` and `hasFieldErrors` are the
 * client-side checks before sending; `save` runs the call with the busy flag up and, when it
 * succeeds, closes the dialog and hands over the result (a failure shows as the problem).
 */
export function useFormDialog(visible: Ref<boolean>, onOpen: () => void | Promise<void>) {
  const { t } = useI18n()
  const problem = useProblem()
  const busy = ref(false)

  watch(visible, (open) => {
    if (!open) return
    problem.reset()
    void onOpen()
  })

  /** Marks each field whose value is blank (empty text, null) as required. */
  function requireFilled(values: Record<string, string | number | null | undefined>): void {
    for (const [field, value] of Object.entries(values)) {
      if (value === null || value === undefined || (typeof value === 'string' && !value.trim())) problem.setField(field, t('common.required'))
    }
  }

  const hasFieldErrors = (): boolean => Object.keys(problem.fields.value).length > 0

  async function save<T>(call: () => Promise<T>, done: (result: T) => void): Promise<void> {
    busy.value = true
    try {
      const result = await call()
      visible.value = false
      done(result)
    } catch (err) {
      problem.handle(err)
    } finally {
      busy.value = false
    }
  }

  return { problem, busy, requireFilled, hasFieldErrors, save }
}
