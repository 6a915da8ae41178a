import { randomBytes, timingSafeEqual } from 'node:crypto'
import { hashToken } from '../../../core/auth/tokens.ts'

/**
 * Client ids and secrets. A secret is 32 random bytes: a SHA-256 of it is all we keep (a slow
 * password hash adds nothing to a secret nobody chose), compared in constant time.
 */
export function newClientId(): string {
  return `pid_${randomBytes(12).toString('base64url')}`
}

export function newClientSecret(): { secret: string; hash: string; hint: string } {
  const secret = `pidsk_${randomBytes(32).toString('base64url')}`
  return { secret, hash: hashToken(secret), hint: secret.slice(-4) }
}

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashToken(secret), 'hex')
  const b = Buffer.from(hash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
