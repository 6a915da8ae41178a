import type { Router } from 'vue-router'
import { installAuthHooks } from './api/http'
import { useAuthStore } from './stores/auth'
import { useChamberStore } from './stores/chamber'

/** Wires the HTTP client to the auth store, and sends the user to login when the session dies. */
export function installSession(router: Router): void {
  const auth = useAuthStore()
  installAuthHooks({
    getAccessToken: () => auth.accessToken,
    refresh: () => auth.refresh(),
    onSessionLost: () => {
      auth.clear()
      useChamberStore().reset()
      const current = router.currentRoute.value
      if (!current.meta.public) {
        void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
      }
    },
  })
}
