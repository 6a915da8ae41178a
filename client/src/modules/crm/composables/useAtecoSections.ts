import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AtecoEntry } from '@pid/shared'
import { referenceApi } from '../api/firms'

// Reference data: loaded once per page load and shared by every filter form and chart.
const sections = shallowRef<AtecoEntry[]>([])
let loading: Promise<void> | null = null

export function useAtecoSections() {
  const { locale } = useI18n()
  loading ??= referenceApi
    .ateco(undefined, 'section')
    .then((r) => {
      sections.value = r.items
    })
    .catch(() => {
      loading = null
    })
  const options = computed(() =>
    sections.value.map((s) => ({ value: s.code, label: `${s.code} · ${locale.value === 'en' ? s.titleEn : s.titleIt}` })),
  )
  const title = (code: string | null) => options.value.find((o) => o.value === code)?.label ?? code ?? ''
  return { sections, options, title }
}
