import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/web/sha'
import type { PublicStartBody } from '@pid/shared'
import { publicStartApi } from '../../api'

/**
 * The proof of work of a public start, solved in the page with altcha-lib (WebCrypto SHA-256, no
 * third party, works offline): a fraction of a second on a computer, a second or two on a phone.
 */
export async function solvedChallenge(): Promise<PublicStartBody['pow']> {
  const challenge = await publicStartApi.challenge()
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 120_000 })
  if (!solution) throw new Error('challenge not solved')
  return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }
}
