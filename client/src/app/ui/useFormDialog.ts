import { ref, watch, type Ref } from 'vue'
import { useProblem } from '../../composables/useProblem'

/**
 * What a form dialog does around its own fields: each time it opens it shows no problem and runs
 * `onOpen` (reset the fields, load the options), and `save` runs a call with the busy flag up,
 * showing the call's problem if it fails.
 */
export function useFormDialog(visible: Ref<boolean>, onOpen: () => void | Promise<void>) {
  const problem = useProblem()
  const busy = ref(false)

  watch(visible, (open) => {
    if (!open) return
    problem.reset()
    void onOpen()
  })

  async function save(call: () => Promise<void>): Promise<void> {
    busy.value = true
    try {
      await call()
    } catch (err) {
      problem.handle(err)
    } finally {
      busy.value = false
    }
  }

  return { problem, busy, save }
}
