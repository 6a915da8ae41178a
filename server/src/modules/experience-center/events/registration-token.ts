import { hashToken, newOpaqueToken } from '../../../core/auth/tokens.ts'

/**
 * A registration's personal link: the person cancels with it, confirms an offered place with it,
 * shows it as a QR code at the door and answers the survey with it. Only its hash is stored.
 */
export const newRegistrationToken = (): { token: string; hash: string } => newOpaqueToken()

export const registrationTokenHash = (token: string): string => hashToken(token)
