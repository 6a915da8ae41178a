import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ROLE_SCOPE } from '@pid/shared'
import { useAuthStore } from '../../../app/stores/auth'
import { useChamberStore } from '../../../app/stores/chamber'
import { useNetworkNames } from '../../../app/composables/useNetworkNames'
import type { MonitoringScopeRef } from '../api'

/**
 * Whose figures the page shows, as the CRM's Monitoraggio picks them: the current chamber, and for
 * regional and national roles their region or the whole network. Those without a chamber role of
 * their own start from the widest view they have: what a coordinator of many chambers steers by.
 */
export function useScope() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const chamber = useChamberStore()
  const { regionName } = useNetworkNames()

  const roles = computed(() => auth.me?.roles ?? [])
  const regions = computed(() => [...new Set(roles.value.filter((r) => ROLE_SCOPE[r.role] === 'region' && r.regionCode).map((r) => r.regionCode as string))])
  const national = computed(() => roles.value.some((r) => ROLE_SCOPE[r.role] === 'national'))
  const ownChamber = roles.value.some((r) => ROLE_SCOPE[r.role] === 'chamber')
  const scopeKey = ref(ownChamber ? 'chamber' : national.value ? 'network' : regions.value[0] ? `region:${regions.value[0]}` : 'chamber')

  const options = computed(() => [
    { value: 'chamber', label: t('monitoring.scopeChamber', { name: chamber.currentName ?? '' }) },
    ...regions.value.map((r) => ({ value: `region:${r}`, label: t('monitoring.scopeRegion', { code: regionName(r) }) })),
    ...(national.value ? [{ value: 'network', label: t('monitoring.scopeNetwork') }] : []),
  ])
  const scope = computed<MonitoringScopeRef | null>(() => {
    if (scopeKey.value === 'network') return { kind: 'network' }
    if (scopeKey.value.startsWith('region:')) return { kind: 'region', regionCode: scopeKey.value.slice(7) }
    return chamber.currentId === null ? null : { kind: 'chamber', chamberId: chamber.currentId }
  })
  return { scopeKey, options, scope }
}
