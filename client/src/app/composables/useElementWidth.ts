import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** The element's width in pixels, kept current as the layout changes: charts size their labels by it. */
export function useElementWidth(element: Ref<HTMLElement | null>, initial = 600): Ref<number> {
  const width = ref(initial)
  const observer = new ResizeObserver(([entry]) => { if (entry) width.value = entry.contentRect.width })
  onMounted(() => { if (element.value) observer.observe(element.value) })
  onBeforeUnmount(() => observer.disconnect())
  return width
}
