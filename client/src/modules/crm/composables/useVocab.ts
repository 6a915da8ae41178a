import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { CAMPAIGN_OUTCOMES, FIRM_STATUSES, LEGAL_FORMS, SIZE_CLASSES, STAGES, type Stage } from '@pid/shared'

/** Select options for the CRM vocabularies, in the UI language. */
export function useVocab() {
  const { t } = useI18n()
  const stageName = (s: number | null | undefined) => (s === null || s === undefined ? '' : t(`crm.vocab.stages.${s}`))
  const stageOptions = computed(() => STAGES.map((_, i) => ({ value: i as Stage, label: `${i} · ${stageName(i)}` })))
  const sizeOptions = computed(() => SIZE_CLASSES.map((s) => ({ value: s, label: t(`crm.vocab.sizes.${s}`) })))
  const statusOptions = computed(() => FIRM_STATUSES.map((s) => ({ value: s, label: t(`crm.vocab.statuses.${s}`) })))
  const legalFormOptions = computed(() => LEGAL_FORMS.map((s) => ({ value: s, label: t(`crm.vocab.legalForms.${s}`) })))
  const outcomeOptions = computed(() => CAMPAIGN_OUTCOMES.map((s) => ({ value: s, label: t(`crm.vocab.outcomes.${s}`) })))
  return { stageName, stageOptions, sizeOptions, statusOptions, legalFormOptions, outcomeOptions }
}

/** Downloads a file from the API and saves it; a failure is reported by the caller. */
export { download, saveBlob } from '../../../app/api/http'

/** Today in Rome as YYYY-MM-DD (the API's calendar days). */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date())
}
