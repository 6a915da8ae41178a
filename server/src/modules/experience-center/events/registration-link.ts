import { createHmac } from 'node:crypto'
import { registrationTokenHash } from './registration-token.ts'

/**
 * A registration's personal token, derived from its id with the server's secret: every mail about
 * the registration (confirmation, waitlist, offer, reminder) carries the same link without the
 * token being stored (only its hash is, as registration-token.ts wants). A stolen database alone
 * gives no link.
 */
export function registrationToken(secret: string, registrationId: number): { token: string; hash: string } {
  const token = createHmac('sha256', secret).update(`ec-registration:${registrationId}`).digest('base64url')
  return { token, hash: registrationTokenHash(token) }
}

/** The personal page's address (the SPA's public page). */
export const personalUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/$/, '')}/pubblico/iscrizioni/${token}`
