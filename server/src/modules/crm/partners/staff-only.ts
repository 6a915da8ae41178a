import { forbidden } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'

/** Some writes are the PID staff's own (consents, referrals): a partner user may not make them. */
export function staffOnly(access: FirmAccess, what: string): void {
  if (access.partnerId !== null) throw forbidden(`only the chamber's staff ${what}`)
}
