import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { ROLE_SCOPE, can, type Action, type Chamber, type Me } from '@pid/shared'
import { networkApi } from '../api/network'
import { useAuthStore } from './auth'

/** A non-secret preference: which chamber the user last worked on. */
const STORAGE_KEY = 'pid.chamberId'

/** A chamber as the selector offers it. */
export type ChamberOption = Pick<Chamber, 'id' | 'name'>

function storedId(): number | null {
  const n = Number(localStorage.getItem(STORAGE_KEY))
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** The "current chamber": every chamber-scoped page and permission check is relative to it. */
export const useChamberStore = defineStore('chamber', () => {
  const auth = useAuthStore()
  const options = ref<ChamberOption[]>([])
  const currentId = ref<number | null>(null)
  const current = ref<Chamber | null>(null)
  const loading = ref(false)
  let loadedFor: number | null = null

  /** Chambers of the user's chamber roles, plus the region's/network's for coordinators. */
  async function load(me: Me): Promise<void> {
    if (loadedFor === me.id && options.value.length > 0) return
    loading.value = true
    try {
      const byId = new Map<number, ChamberOption>()
      for (const r of me.roles) {
        if (r.chamberId !== null) byId.set(r.chamberId, { id: r.chamberId, name: r.chamberName ?? `#${r.chamberId}` })
      }
      const national = me.roles.some((r) => ROLE_SCOPE[r.role] === 'national')
      const regions = [...new Set(me.roles.filter((r) => ROLE_SCOPE[r.role] === 'region').map((r) => r.regionCode))]
      const lists = national
        ? [await networkApi.chambers()]
        : await Promise.all(regions.filter((c): c is string => c !== null).map((c) => networkApi.chambers(c)))
      for (const c of lists.flat()) byId.set(c.id, { id: c.id, name: c.name })
      options.value = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'it'))
      loadedFor = me.id
      const wanted = storedId()
      select(options.value.some((o) => o.id === wanted) ? wanted : (options.value[0]?.id ?? null))
    } finally {
      loading.value = false
    }
  }

  function select(id: number | null): void {
    currentId.value = id
    if (id !== null) localStorage.setItem(STORAGE_KEY, String(id))
  }

  // Details (provinces, PID name) for the dashboard card, for roles that may read them (a partner or
  // a firm user may not: no call is made that the server would refuse); a failure leaves the card sparse.
  watch(currentId, async (id) => {
    current.value = null
    if (id === null || !allows('chamber.read')) return
    try {
      const c = await networkApi.chamber(id)
      if (currentId.value === id) current.value = c
    } catch {
      current.value = null
    }
  })

  const currentName = computed(() => options.value.find((o) => o.id === currentId.value)?.name ?? null)

  /** `can()` from the shared permission map, scoped to the current chamber. */
  function allows(action: Action): boolean {
    const me = auth.me
    if (!me) return false
    return can(me.grants, action, currentId.value ?? undefined)
  }

  function reset(): void {
    options.value = []
    currentId.value = null
    loadedFor = null
  }

  return { options, currentId, current, currentName, loading, load, select, allows, reset }
})
