import { ref, shallowRef } from 'vue'
import type { PageOf } from '@pid/shared'

/** Keyset paging behind a "Load more" button: cursors are opaque, so we only ever go forward. */
export function useCursorList<T>(fetchPage: (cursor: string | null) => Promise<PageOf<T>>) {
  const items = shallowRef<T[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let generation = 0

  async function load(reset: boolean): Promise<void> {
    const gen = reset ? ++generation : generation
    loading.value = true
    error.value = null
    if (reset) {
      items.value = []
      nextCursor.value = null
    }
    try {
      const page = await fetchPage(reset ? null : nextCursor.value)
      // A chamber switch while loading starts a new generation: drop stale pages.
      if (gen !== generation) return
      items.value = reset ? page.items : [...items.value, ...page.items]
      nextCursor.value = page.nextCursor
    } catch (err) {
      if (gen === generation) error.value = err
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  return {
    items,
    nextCursor,
    loading,
    error,
    reload: () => load(true),
    loadMore: () => load(false),
  }
}
