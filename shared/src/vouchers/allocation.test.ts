import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allocate, claimPools, GENERAL_POOL, type Claim } from './allocation.ts'
import { callPhase, canMove, quotaFor, quotaSizeCents, type ReserveQuota } from './lifecycle.ts'

const G = GENERAL_POOL
const claim = (id: number, needCents: number, quota: string | null = null): Claim => ({ id, needCents, pools: claimPools(quota) })

describe('allocate (first come first served)', () => {
  it('funds in protocol order until the envelope runs out; the rest waits', () => {
    const { decisions, state } = allocate({ free: { [G]: 10_000 }, blocked: new Set() }, [1, 2, 3, 4].map((i) => claim(i, 3_000)), false)
    expect(decisions.map((d) => d.pool)).toEqual([G, G, G, null])
    expect(state.free[G]).toBe(1_000)
    expect(state.blocked.has(G)).toBe(true)
  })

  it('gives the last funded firm the remainder when the call allows it', () => {
    const { decisions } = allocate({ free: { [G]: 10_000 }, blocked: new Set() }, [1, 2, 3, 4].map((i) => claim(i, 3_000)), true)
    expect(decisions.map((d) => [d.cents, d.full])).toEqual([[3_000, true], [3_000, true], [3_000, true], [1_000, false]])
  })

  it('lets nobody overtake a waiting claim, even a smaller one that would fit', () => {
    const { decisions } = allocate({ free: { [G]: 5_000 }, blocked: new Set() }, [claim(1, 4_000), claim(2, 3_000), claim(3, 1_000)], false)
    expect(decisions.map((d) => d.pool)).toEqual([G, null, null])
  })

  it('keeps a quota for its firms: they use it first, then the general pool; others only the general pool', () => {
    const start = { free: { [G]: 6_000, micro: 4_000 }, blocked: new Set<string>() }
    const claims = [claim(1, 3_000), claim(2, 3_000), claim(3, 3_000), claim(4, 3_000, 'micro'), claim(5, 3_000, 'micro')]
    const { decisions } = allocate(start, claims, false)
    expect(decisions.map((d) => d.pool)).toEqual([G, G, null, 'micro', null])
  })

  it('respects pools blocked by earlier waiting claims (the reserve list already there)', () => {
    const { decisions } = allocate({ free: { [G]: 5_000, micro: 5_000 }, blocked: new Set([G]) }, [claim(1, 1_000), claim(2, 1_000, 'micro')], false)
    expect(decisions.map((d) => d.pool)).toEqual([null, 'micro'])
  })
})

const claimsArb = fc.array(fc.record({
  needCents: fc.integer({ min: 1, max: 5_000 }),
  quota: fc.constantFrom(null, 'micro', 'south'),
}), { maxLength: 40 }).map((xs) => xs.map((x, i) => claim(i + 1, x.needCents, x.quota)))
const startArb = fc.record({ general: fc.integer({ min: 0, max: 50_000 }), micro: fc.integer({ min: 0, max: 10_000 }), south: fc.integer({ min: 0, max: 10_000 }),
  blocked: fc.subarray([G, 'micro', 'south']) })

describe('allocate properties', () => {
  it('never exceeds a pool, never gives more than asked, and funds in full unless the remainder is allowed', () => {
    fc.assert(fc.property(startArb, claimsArb, fc.boolean(), (s, claims, remainder) => {
      const free: Record<string, number> = { [G]: s.general, micro: s.micro, south: s.south }
      const { decisions, state } = allocate({ free, blocked: new Set(s.blocked) }, claims, remainder)
      for (const pool of Object.keys(free)) {
        const used = decisions.filter((d) => d.pool === pool).reduce((t, d) => t + d.cents, 0)
        expect(used).toBeLessThanOrEqual(free[pool]!)
        expect(state.free[pool]).toBe(free[pool]! - used)
      }
      decisions.forEach((d, i) => {
        const c = claims[i]!
        expect(d.id).toBe(c.id)
        expect(d.cents).toBeLessThanOrEqual(c.needCents)
        expect(d.full).toBe(d.cents === c.needCents)
        if (d.pool !== null) expect(c.pools).toContain(d.pool)
        if (!remainder) expect(d.pool === null || d.full).toBe(true)
        if (d.pool !== null) expect(s.blocked).not.toContain(d.pool)
      })
    }))
  })

  it('admits strictly in protocol order: after a claim waits, nobody draws from the pools it listed', () => {
    fc.assert(fc.property(startArb, claimsArb, fc.boolean(), (s, claims, remainder) => {
      const { decisions } = allocate({ free: { [G]: s.general, micro: s.micro, south: s.south }, blocked: new Set() }, claims, remainder)
      const closed = new Set<string>()
      decisions.forEach((d, i) => {
        if (d.pool !== null) expect(closed.has(d.pool)).toBe(false)
        if (d.pool === null) for (const p of claims[i]!.pools) closed.add(p)
      })
    }))
  })

  it('funds as much as it can: a claim waits only when none of its open pools had the whole amount', () => {
    fc.assert(fc.property(startArb, claimsArb, (s, claims) => {
      const free: Record<string, number> = { [G]: s.general, micro: s.micro, south: s.south }
      const blocked = new Set<string>()
      const { decisions } = allocate({ free: { ...free }, blocked: new Set() }, claims, false)
      decisions.forEach((d, i) => {
        const c = claims[i]!
        const open = c.pools.filter((p) => !blocked.has(p))
        if (d.pool === null) {
          expect(open.every((p) => free[p]! < c.needCents)).toBe(true)
          c.pools.forEach((p) => blocked.add(p))
        } else free[d.pool] = free[d.pool]! - d.cents
      })
    }))
  })
})

describe('call phases, quotas, statuses', () => {
  const call = { status: 'published' as const, opensAt: '2026-03-10T09:00:00Z', closesAt: '2026-03-20T16:00:00Z' }
  it('follows the clock once published', () => {
    expect(callPhase(call, new Date('2026-03-10T08:59:59.999Z'))).toBe('scheduled')
    expect(callPhase(call, new Date('2026-03-10T09:00:00Z'))).toBe('open')
    expect(callPhase(call, new Date('2026-03-20T16:00:00Z'))).toBe('closed')
    expect(callPhase({ ...call, status: 'closed_exhausted' }, new Date('2026-03-11T00:00:00Z'))).toBe('closed_exhausted')
    expect(callPhase({ ...call, status: 'draft' }, new Date('2026-03-11T00:00:00Z'))).toBe('draft')
  })

  it('puts a firm in the first quota whose conditions hold', () => {
    const quotas: ReserveQuota[] = [
      { code: 'micro', label: { it: 'Micro imprese' }, sharePm: 300, sizeClasses: ['micro'], atecoPrefixes: [] },
      { code: 'tourism', label: { it: 'Turismo' }, sharePm: 100, sizeClasses: [], atecoPrefixes: ['55', '56.1'] },
    ]
    expect(quotaFor(quotas, { sizeClass: 'micro', atecoCode: '56.10.11', atecoSection: 'I' })).toBe('micro')
    expect(quotaFor(quotas, { sizeClass: 'small', atecoCode: '56.10.11', atecoSection: 'I' })).toBe('tourism')
    expect(quotaFor(quotas, { sizeClass: 'small', atecoCode: '62.10.00', atecoSection: 'J' })).toBeNull()
    expect(quotaSizeCents(1_000_001, 300)).toBe(300_000)
  })

  it('moves applications only along the documented transitions', () => {
    expect(canMove('draft', 'funded')).toBe(true)
    expect(canMove('reserve', 'funded')).toBe(true)
    expect(canMove('withdrawn', 'funded')).toBe(false)
    expect(canMove('granted', 'withdrawn')).toBe(false)
  })
})
