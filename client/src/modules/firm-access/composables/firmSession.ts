import type { FirmSession } from '@pid/shared'

/**
 * The firm's session lives in sessionStorage (this tab only), never with staff credentials. How it
 * was opened is kept too, so that it can be opened again without asking the firm for anything: the
 * personal link's token, or (for a signed-in firm account) the firm it was opened for.
 */
const KEY = 'pid.firmSession'

export type FirmSessionSource = { kind: 'link'; token: string } | { kind: 'account'; firmId: number }

export interface StoredFirmSession extends FirmSession { source: FirmSessionSource; expiresAt: number }

export function saveFirmSession(s: FirmSession, source: FirmSessionSource): void {
  sessionStorage.setItem(KEY, JSON.stringify({ ...s, source, expiresAt: Date.now() + s.expiresIn * 1000 }))
}

export function loadFirmSession(): StoredFirmSession | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as StoredFirmSession) : null
  } catch {
    return null
  }
}
