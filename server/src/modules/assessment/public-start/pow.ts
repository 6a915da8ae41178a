import { createHmac } from 'node:crypto'
import { createChallenge, randomInt, verifySolution } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import type { PowChallenge, PowSolution } from '@pid/shared'
import type { Counters } from './counters.ts'

/**
 * The proof of work of a public start: an ALTCHA (v2) challenge made by altcha-lib, no third party.
 * Deterministic mode: the server picks the counter the page must reach (a random one up to the
 * configured maximum: that many SHA-256 hashes at most), signs the challenge and the derived key,
 * so checking a solution is one hash and two HMACs. A challenge expires in 10 minutes and is
 * accepted once (its signature is claimed in the counters' store until it expires).
 */
const ALGORITHM = 'SHA-256'
export const CHALLENGE_TTL_MS = 10 * 60_000

export class ProofOfWork {
  private readonly secret: string
  private readonly keySecret: string
  private readonly counters: Counters
  private readonly counterMax: number
  constructor(appSecret: string, counters: Counters, counterMax: number) {
    // Dedicated keys, derived from the app's: a challenge signature is no use anywhere else.
    this.secret = createHmac('sha256', appSecret).update('pid-public-start-pow').digest('base64url')
    this.keySecret = createHmac('sha256', appSecret).update('pid-public-start-pow-key').digest('base64url')
    this.counters = counters
    this.counterMax = counterMax
  }

  async challenge(): Promise<PowChallenge> {
    const c = await createChallenge({
      algorithm: ALGORITHM, cost: 1, deriveKey, counter: randomInt(Math.ceil(this.counterMax / 5), this.counterMax),
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS), hmacSignatureSecret: this.secret, hmacKeySignatureSecret: this.keySecret,
    })
    return c as PowChallenge
  }

  /** True for a valid, unexpired solution of a challenge never used before (and uses it). */
  async accept(challenge: PowChallenge, solution: PowSolution): Promise<boolean> {
    if (challenge.parameters.algorithm !== ALGORITHM || challenge.parameters.cost !== 1) return false
    let verified = false
    try {
      const r = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: this.secret, hmacKeySignatureSecret: this.keySecret })
      verified = r.verified
    } catch {
      return false
    }
    return verified && this.counters.claimOnce(`pow:${challenge.signature}`, CHALLENGE_TTL_MS + 60_000)
  }
}
