import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChangePasswordBody, LoginBody, Me, Session, UpdateMeBody } from '@pid/shared'
import { sessionApi } from '../api/session'
import { refreshOnce } from '../api/http'

/**
 * The session. The access token lives only in memory (never in storage, so XSS cannot lift a
 * long-lived credential); the httpOnly refresh cookie restores it after a reload.
 */
/**
 * Whether this browser signed in and has not signed out: a non-secret hint, so that a visitor who
 * never signed in does not ask the server for a session it cannot have (a 401 in every console).
 */
const SIGNED_IN_HINT = 'pid.signedIn'

export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const me = ref<Me | null>(null)
  const isAuthenticated = computed(() => accessToken.value !== null && me.value !== null)
  let restoring: Promise<void> | null = null

  function setSession(s: Session): void {
    accessToken.value = s.accessToken
    me.value = s.user
    localStorage.setItem(SIGNED_IN_HINT, '1')
  }

  function clear(): void {
    accessToken.value = null
    me.value = null
    localStorage.removeItem(SIGNED_IN_HINT)
  }

  async function login(body: LoginBody): Promise<Me> {
    const s = await sessionApi.login(body)
    setSession(s)
    return s.user
  }

  /** Raw refresh, called by the HTTP client's single-flight wrapper: never call it directly. */
  async function refresh(): Promise<boolean> {
    try {
      setSession(await sessionApi.refresh())
      return true
    } catch {
      clear()
      return false
    }
  }

  /** On app start: try the refresh cookie once; the router waits for this before its first guard. */
  function restore(): Promise<void> {
    restoring ??= localStorage.getItem(SIGNED_IN_HINT) ? refreshOnce().then(() => undefined) : Promise.resolve()
    return restoring
  }

  async function logout(): Promise<void> {
    try {
      await sessionApi.logout()
    } finally {
      clear()
    }
  }

  async function updateMe(body: UpdateMeBody): Promise<Me> {
    const updated = await sessionApi.updateMe(body)
    me.value = updated
    return updated
  }

  /** The server ends every session of the user and returns a new one for this tab. */
  async function changePassword(body: ChangePasswordBody): Promise<void> {
    setSession(await sessionApi.changePassword(body))
  }

  return { accessToken, me, isAuthenticated, login, refresh, restore, logout, clear, updateMe, changePassword }
})
