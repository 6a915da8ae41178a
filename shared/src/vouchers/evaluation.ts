import type { RankingCriterion } from './calls.api.ts'

/**
 * Evaluation of ranking and pro-rata calls after their window: pure, exact, order-independent.
 *
 * Merit score. Each criterion gives score / maxScore of its weight; the total, out of 100, is
 *   100 x sum(weight x score / maxScore) / sum(weight).
 * Applications are compared on the exact fraction (BigInt over the least common multiple of the
 * criteria's maxScores), never on a rounded figure, so two totals are tied only when truly equal.
 * The figure shown (scoreMilli, thousandths of a point) is rounded down once, for display only.
 *
 * Ties: an earlier protocol (earlier submission) ranks first. Protocol numbers are unique per call,
 * so the ranking is a total order and does not depend on the order the applications are given in.
 *
 * Funding in rank order: each application gets what it asked for while the envelope covers it; the
 * first one it does not cover gets the remainder when the call allows it (reduced, with the reason),
 * and every application after it is admitted but not funded. Nobody further down overtakes it,
 * as on a first-come-first-served call's reserve list.
 */
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b

export interface MeritInput {
  id: number
  protocolNumber: number
  /** criterion code -> score (0..maxScore) */
  scores: Readonly<Record<string, number>>
}

export interface Ranked {
  id: number
  protocolNumber: number
  /** 1, 2, 3 ... (ties split by protocol order) */
  rank: number
  /** Total out of 100 in thousandths, rounded down: 87.5 -> 87500. */
  scoreMilli: number
}

/** What is missing to score an application on these criteria (empty: complete). */
export function missingScores(criteria: readonly RankingCriterion[], scores: Readonly<Record<string, number>>): string[] {
  return criteria.filter((c) => scores[c.code] === undefined).map((c) => c.code)
}

/** The exact merit total as numerator over a denominator common to every application of the call. */
export function meritFraction(criteria: readonly RankingCriterion[], scores: Readonly<Record<string, number>>): { num: bigint; den: bigint } {
  const common = criteria.reduce((l, c) => lcm(l, BigInt(c.maxScore)), 1n)
  const weights = criteria.reduce((s, c) => s + BigInt(c.weight), 0n)
  const num = criteria.reduce((s, c) => {
    const score = scores[c.code]
    if (score === undefined) throw new Error(`criterion ${c.code} is not scored`)
    if (!Number.isInteger(score) || score < 0 || score > c.maxScore) throw new Error(`score ${score} of ${c.code} is outside 0..${c.maxScore}`)
    return s + BigInt(c.weight) * BigInt(score) * (common / BigInt(c.maxScore))
  }, 0n)
  return { num, den: common * (weights === 0n ? 1n : weights) }
}

/** Total out of 100 in thousandths, rounded down. */
export function scoreMilli(criteria: readonly RankingCriterion[], scores: Readonly<Record<string, number>>): number {
  const { num, den } = meritFraction(criteria, scores)
  return Number((num * 100_000n) / den)
}

/** The ranking: higher exact total first, then earlier protocol. */
export function rankApplications(criteria: readonly RankingCriterion[], entries: readonly MeritInput[]): Ranked[] {
  const scored = entries.map((e) => ({ e, num: meritFraction(criteria, e.scores).num, milli: scoreMilli(criteria, e.scores) }))
  scored.sort((a, b) => (a.num === b.num ? a.e.protocolNumber - b.e.protocolNumber : a.num > b.num ? -1 : 1))
  return scored.map((s, i) => ({ id: s.e.id, protocolNumber: s.e.protocolNumber, rank: i + 1, scoreMilli: s.milli }))
}

export type FundingOutcome = 'full' | 'reduced' | 'none'
export interface Proposal { id: number; proposedCents: number; outcome: FundingOutcome }

/** Funds applications already in rank order until the money runs out (see the rule above). */
export function fundInRankOrder(availableCents: number, ranked: readonly { id: number; requestedCents: number }[], allowRemainder: boolean): Proposal[] {
  let left = availableCents
  let stopped = false
  return ranked.map((r) => {
    if (!stopped && r.requestedCents <= left) {
      left -= r.requestedCents
      return { id: r.id, proposedCents: r.requestedCents, outcome: 'full' }
    }
    if (!stopped && allowRemainder && left > 0) {
      stopped = true
      const cents = left
      left = 0
      return { id: r.id, proposedCents: cents, outcome: 'reduced' }
    }
    stopped = true
    return { id: r.id, proposedCents: 0, outcome: 'none' }
  })
}

/**
 * Pro rata: when the admissible requests add up to more than the envelope, each gets
 *   floor(requested x envelope / total requested)
 * in cents, and the cents this leaves (fewer than the number of applications) go one each to the
 * largest fractional parts; equal fractions: the earlier protocol first. The sum is then exactly the
 * envelope, nobody gets more than it asked for, and the result per application does not depend on
 * the order of the input. When the requests fit in the envelope, everyone gets its request.
 */
export function proRata(envelopeCents: number, entries: readonly { id: number; protocolNumber: number; requestedCents: number }[]): Proposal[] {
  const total = entries.reduce((s, e) => s + BigInt(e.requestedCents), 0n)
  const envelope = BigInt(envelopeCents)
  if (total <= envelope) return entries.map((e) => ({ id: e.id, proposedCents: e.requestedCents, outcome: 'full' }))
  const shares = entries.map((e) => {
    const exact = BigInt(e.requestedCents) * envelope
    return { e, floor: exact / total, fraction: exact % total }
  })
  let leftover = envelope - shares.reduce((s, x) => s + x.floor, 0n)
  const byFraction = [...shares].sort((a, b) => (a.fraction === b.fraction ? a.e.protocolNumber - b.e.protocolNumber : a.fraction > b.fraction ? -1 : 1))
  const extra = new Set<number>()
  for (const s of byFraction) {
    if (leftover === 0n) break
    if (s.fraction === 0n) continue
    extra.add(s.e.id)
    leftover -= 1n
  }
  return shares.map((s) => {
    const cents = Number(s.floor + (extra.has(s.e.id) ? 1n : 0n))
    return { id: s.e.id, proposedCents: cents, outcome: cents === s.e.requestedCents ? 'full' : cents === 0 ? 'none' : 'reduced' }
  })
}
