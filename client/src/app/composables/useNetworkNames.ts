import { ref } from 'vue'
import { can } from '@pid/shared'
import { networkApi } from '../api/network'
import { useAuthStore } from '../stores/auth'

// Region and province names, loaded once per tab for whoever may read the network (the others see codes).
const regions = ref(new Map<string, string>())
const provinces = ref(new Map<string, string>())
let loading: Promise<void> | null = null

/** "Lombardia" for region 03, "Milano" for MI: names instead of codes on screen. */
export function useNetworkNames() {
  const auth = useAuthStore()
  if (!loading && auth.me && can(auth.me.grants, 'network.read')) {
    loading = Promise.all([networkApi.regions(), networkApi.provinces()]).then(([r, p]) => {
      regions.value = new Map(r.map((x) => [x.code, x.name]))
      provinces.value = new Map(p.map((x) => [x.code, x.name]))
    }).catch(() => { loading = null })
  }
  return {
    regionName: (code: string | null | undefined) => (code ? regions.value.get(code) ?? code : ''),
    provinceName: (code: string | null | undefined) => (code ? provinces.value.get(code) ?? code : ''),
  }
}
