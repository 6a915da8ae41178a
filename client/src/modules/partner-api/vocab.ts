import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { API_SCOPES, WEBHOOK_EVENTS, type ApiScope, type WebhookEventType } from '@pid/shared'

/** A code as a message key: 'firms:read' -> 'firms_read', 'event.registration.changed' -> 'event_registration_changed'. */
export const codeKey = (code: string) => code.replace(/[:.]/g, '_')

/** Scopes and webhook events in words: screens never show their codes (only as a tooltip). */
export function usePartnerApiVocab() {
  const { t } = useI18n()
  const scopeLabel = (s: ApiScope | string) => t(`partnerApi.scopes.${codeKey(s)}.label`)
  const scopeHelp = (s: ApiScope | string) => t(`partnerApi.scopes.${codeKey(s)}.help`)
  const eventLabel = (e: WebhookEventType | string) => t(`partnerApi.events.${codeKey(e)}`)
  const scopeOptions = computed(() => API_SCOPES.map((s) => ({ value: s, label: scopeLabel(s), help: scopeHelp(s) })))
  const eventOptions = computed(() => WEBHOOK_EVENTS.map((e) => ({ value: e, label: eventLabel(e) })))
  return { scopeLabel, scopeHelp, eventLabel, scopeOptions, eventOptions }
}
