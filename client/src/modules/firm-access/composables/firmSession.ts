import type { FirmSession } from '@pid/shared'

/**
 * The firm's session lives in sessionStorage (this tab only), never with staff credentials. The
 * link token is kept too, so an expired session can be reopened without asking for the link again.
 */
const KEY = 'pid.firmSession'

export interface StoredFirmSession extends FirmSession { linkToken: string; expiresAt: number }

export function saveFirmSession(s: FirmSession, linkToken: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ ...s, linkToken, expiresAt: Date.now() + s.expiresIn * 1000 }))
}

export function loadFirmSession(): StoredFirmSession | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as StoredFirmSession) : null
  } catch {
    return null
  }
}
