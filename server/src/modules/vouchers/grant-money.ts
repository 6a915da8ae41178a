import { GENERAL_POOL } from '@pid/shared'
import type { CounterChange } from './allocation.service.ts'

/**
 * How decisions, revocations and payments move money on the call's counters (written by
 * writeCounters under the call's lock, backed by the CHECKs). A grant keeps the pool its money came
 * from (the application's held_pool: a quota's code, or the general pool): money a quota gives back
 * after the closing instant joins the general pool (the quota shrinks with it), as at withdrawal.
 */
function quota(ch: CounterChange, code: string) {
  ch.quotas ??= new Map()
  const q = ch.quotas.get(code) ?? { used: 0, waiting: 0, size: 0 }
  ch.quotas.set(code, q)
  return q
}

/** A grant of `cents` is added (+1) or goes back to the call (-1). */
export function countGrant(ch: CounterChange, pool: string | null, cents: number, sign: 1 | -1, quotasMerged: boolean): void {
  if (cents === 0) return
  ch.grantedDelta = (ch.grantedDelta ?? 0) + sign * cents
  if (pool !== null && pool !== GENERAL_POOL) {
    const q = quota(ch, pool)
    q.used += sign * cents
    if (quotasMerged && sign < 0) q.size -= cents
  }
}

/** First come first served: the money held for an application becomes its grant; what the grant does not use goes back. */
export function heldToGranted(ch: CounterChange, pool: string, heldCents: number, grantedCents: number, quotasMerged: boolean): void {
  ch.reservedDelta -= heldCents
  ch.grantedDelta = (ch.grantedDelta ?? 0) + grantedCents
  if (pool !== GENERAL_POOL) {
    const q = quota(ch, pool)
    q.used += grantedCents - heldCents
    if (quotasMerged) q.size -= heldCents - grantedCents
  }
}

/** A payment order: `paid` of the grant is spent, the rest of it goes back to the call. */
export function grantPaid(ch: CounterChange, pool: string | null, grantedCents: number, paidCents: number, quotasMerged: boolean): void {
  countGrant(ch, pool, grantedCents - paidCents, -1, quotasMerged)
  ch.paidDelta = (ch.paidDelta ?? 0) + paidCents
}
