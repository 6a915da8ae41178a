/**
 * First come, first served over pools of money: the general pool, and one pool per reserve quota
 * (a share of the envelope kept for a category of firms, e.g. micro firms). The server runs this
 * under the call's row lock and then writes its outcome with a conditional UPDATE backed by CHECK
 * constraints, so even a mistake here could not over-commit the envelope: the transaction would fail.
 *
 * Rules, in protocol order:
 * - a claim lists the pools it may draw from, in preference order (its quota first, then general);
 *   it is funded in full from the first listed pool that has the whole amount;
 * - otherwise, when the call allows it, it gets what is left in its fullest listed pool (the "last
 *   funded firm gets the remainder");
 * - otherwise it waits (reserve list) and nobody after it may draw from the pools it listed: no
 *   overtaking, so the reserve list is admitted strictly in protocol order;
 * - a claim never draws from a pool that is blocked by an earlier waiting claim.
 */
export const GENERAL_POOL = '*'

export interface Claim {
  id: number
  /** Pools it may draw from, in order of preference; GENERAL_POOL is the general pool. */
  pools: readonly string[]
  needCents: number
}

export interface Decision {
  id: number
  /** The pool it draws from, or null when it waits. */
  pool: string | null
  cents: number
  /** Funded in full (false: the remainder, or waiting). */
  full: boolean
}

export interface AllocationState {
  /** Free cents per pool. */
  free: Record<string, number>
  /** Pools an earlier waiting claim listed: closed to later claims. */
  blocked: Set<string>
}

export function allocate(start: AllocationState, claims: readonly Claim[], allowRemainder: boolean): { decisions: Decision[]; state: AllocationState } {
  const free = { ...start.free }
  const blocked = new Set(start.blocked)
  const decisions: Decision[] = []
  for (const c of claims) {
    const open = c.pools.filter((p) => !blocked.has(p) && free[p] !== undefined)
    const whole = open.find((p) => free[p]! >= c.needCents)
    if (whole !== undefined) {
      free[whole] = free[whole]! - c.needCents
      decisions.push({ id: c.id, pool: whole, cents: c.needCents, full: true })
      continue
    }
    const fullest = open.reduce<string | undefined>((best, p) => (best === undefined || free[p]! > free[best]! ? p : best), undefined)
    if (allowRemainder && fullest !== undefined && free[fullest]! > 0) {
      decisions.push({ id: c.id, pool: fullest, cents: free[fullest]!, full: false })
      free[fullest] = 0
      continue
    }
    decisions.push({ id: c.id, pool: null, cents: 0, full: false })
    for (const p of c.pools) blocked.add(p)
  }
  return { decisions, state: { free, blocked } }
}

/** The pools a firm's claim may draw from: its quota (if it matches one) first, then the general pool. */
export function claimPools(quotaCode: string | null): string[] {
  return quotaCode === null ? [GENERAL_POOL] : [quotaCode, GENERAL_POOL]
}
