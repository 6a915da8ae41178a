import { DEMO_PASSWORD } from '../../src/demo/seed.ts'
import { buildOurs } from '../ours.ts'
import type { Side } from '../types.ts'
import { LEADER } from '../crm-data.ts'

/** A fresh app per round, signed in as the demo leader (Milano), listening for the load generator. */
export async function leaderSide(databaseUrl: string): Promise<Side> {
  const ours = await buildOurs(databaseUrl, 10)
  try {
    const session = await ours.login(LEADER, DEMO_PASSWORD)
    return await ours.listen('/', { authorization: `Bearer ${session.accessToken}` })
  } catch (err) {
    await ours.close()
    throw err
  }
}

/** Deterministic choices for the request rotation (the same requests every run). */
export function picker(seed: number) {
  let a = seed
  const next = () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648 }
  return <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
}
