import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fundInRankOrder, meritFraction, missingScores, proRata, rankApplications, scoreMilli } from './evaluation.ts'
import { applicableChecks, checklistProblems, type ProposedCheck } from './admissibility.ts'
import { payableFor, reportingOpen } from './reporting.ts'
import type { RankingCriterion } from './calls.api.ts'
import type { GrantRule } from './grant.ts'

const criterion = (code: string, weight: number, maxScore: number): RankingCriterion => ({ code, label: { it: code }, weight, maxScore })
const CRITERIA = [criterion('quality', 60, 10), criterion('innovation', 30, 3), criterion('green', 10, 7)]

describe('merit ranking', () => {
  it('weighs each criterion as score / maxScore of its weight, out of 100', () => {
    expect(scoreMilli(CRITERIA, { quality: 10, innovation: 3, green: 7 })).toBe(100_000)
    expect(scoreMilli(CRITERIA, { quality: 5, innovation: 0, green: 0 })).toBe(30_000)
    // 60 x 7/10 + 30 x 2/3 + 10 x 3/7 = 42 + 20 + 4.2857... = 66.2857 -> 66285 thousandths, rounded down
    expect(scoreMilli(CRITERIA, { quality: 7, innovation: 2, green: 3 })).toBe(66_285)
    expect(missingScores(CRITERIA, { quality: 1 })).toEqual(['innovation', 'green'])
    expect(() => meritFraction(CRITERIA, { quality: 11, innovation: 0, green: 0 })).toThrow(/outside/)
  })

  it('breaks exact ties by the earlier protocol, and compares exact totals, not rounded ones', () => {
    const thirds = [criterion('a', 1, 3), criterion('b', 1, 6), criterion('c', 1, 100)]
    // a 1/3 and b 2/6 tie exactly (different criteria, same total): the earlier protocol first.
    // c 33/100 is 0.33, below 1/3 by 1/300: shown as 11,000 vs 11,111 thousandths, ranked after.
    const ranked = rankApplications(thirds, [
      { id: 10, protocolNumber: 5, scores: { a: 1, b: 0, c: 0 } },
      { id: 11, protocolNumber: 2, scores: { a: 0, b: 2, c: 0 } },
      { id: 12, protocolNumber: 1, scores: { a: 0, b: 0, c: 33 } },
      { id: 13, protocolNumber: 9, scores: { a: 3, b: 6, c: 100 } },
    ])
    expect(ranked.map((r) => [r.id, r.rank, r.scoreMilli])).toEqual([[13, 1, 100_000], [11, 2, 11_111], [10, 3, 11_111], [12, 4, 11_000]])
  })

  it('is a total order independent of the input order', () => {
    const entry = fc.record({ quality: fc.integer({ min: 0, max: 10 }), innovation: fc.integer({ min: 0, max: 3 }), green: fc.integer({ min: 0, max: 7 }) })
    fc.assert(fc.property(fc.array(entry, { maxLength: 30 }), fc.integer(), (scores, seed) => {
      const entries = scores.map((s, i) => ({ id: i + 1, protocolNumber: i + 1, scores: s }))
      const shuffled = [...entries].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101))
      const a = rankApplications(CRITERIA, entries)
      expect(rankApplications(CRITERIA, shuffled)).toEqual(a)
      for (let i = 1; i < a.length; i++) expect(a[i - 1]!.scoreMilli).toBeGreaterThanOrEqual(a[i]!.scoreMilli)
    }))
  })
})

describe('funding in rank order', () => {
  it('funds in full while the envelope covers, then the remainder when allowed, and nobody after', () => {
    const ranked = [1, 2, 3, 4].map((id) => ({ id, requestedCents: 3_000 }))
    expect(fundInRankOrder(10_000, ranked, false).map((p) => [p.proposedCents, p.outcome]))
      .toEqual([[3_000, 'full'], [3_000, 'full'], [3_000, 'full'], [0, 'none']])
    expect(fundInRankOrder(10_000, ranked, true).map((p) => p.proposedCents)).toEqual([3_000, 3_000, 3_000, 1_000])
    // A smaller request further down does not overtake the one that did not fit.
    expect(fundInRankOrder(5_000, [{ id: 1, requestedCents: 4_000 }, { id: 2, requestedCents: 3_000 }, { id: 3, requestedCents: 500 }], false)
      .map((p) => p.proposedCents)).toEqual([4_000, 0, 0])
  })
})

const requests = fc.array(fc.integer({ min: 1, max: 100_000_000_000 }), { minLength: 1, maxLength: 60 })

describe('pro rata', () => {
  it('gives everyone its request when the envelope covers the total', () => {
    expect(proRata(10_000, [{ id: 1, protocolNumber: 1, requestedCents: 4_000 }, { id: 2, protocolNumber: 2, requestedCents: 6_000 }])
      .map((p) => p.proposedCents)).toEqual([4_000, 6_000])
  })

  it('floors each share and hands the cents left to the largest fractions, earlier protocol first on equal fractions', () => {
    // 3 x 100 requested for 200: 66.66 each -> 66, 66, 66 and 2 cents left: protocols 1 and 2 get them.
    const p = proRata(200, [3, 1, 2].map((n) => ({ id: n * 10, protocolNumber: n, requestedCents: 100 })))
    expect(p.map((x) => [x.id, x.proposedCents])).toEqual([[30, 66], [10, 67], [20, 67]])
    // 150 and 50 requested for 100: exact 75 and 25.
    expect(proRata(100, [{ id: 1, protocolNumber: 1, requestedCents: 150 }, { id: 2, protocolNumber: 2, requestedCents: 50 }])
      .map((x) => x.proposedCents)).toEqual([75, 25])
  })

  it('never exceeds the envelope (exactly it when oversubscribed) nor any request, whatever the order', () => {
    fc.assert(fc.property(requests, fc.integer({ min: 1, max: 100_000_000_000 }), fc.integer(), (asks, envelope, seed) => {
      const entries = asks.map((r, i) => ({ id: i + 1, protocolNumber: i + 1, requestedCents: r }))
      const out = proRata(envelope, entries)
      const total = asks.reduce((s, r) => s + r, 0)
      const sum = out.reduce((s, p) => s + p.proposedCents, 0)
      expect(sum).toBeLessThanOrEqual(envelope)
      if (total > envelope) expect(sum).toBe(envelope)
      out.forEach((p, i) => {
        expect(Number.isInteger(p.proposedCents)).toBe(true)
        expect(p.proposedCents).toBeGreaterThanOrEqual(0)
        expect(p.proposedCents).toBeLessThanOrEqual(asks[i]!)
      })
      const shuffled = [...entries].sort((a, b) => ((a.id * 104729 + seed) % 97) - ((b.id * 104729 + seed) % 97))
      const byId = new Map(proRata(envelope, shuffled).map((p) => [p.id, p.proposedCents]))
      out.forEach((p) => expect(byId.get(p.id)).toBe(p.proposedCents))
    }))
  })
})

describe('admissibility checklist', () => {
  const call = { eligibility: { annualFeePaid: true, assessment: null } }
  const proposed: ProposedCheck[] = [
    { code: 'documents', outcome: 'pass', details: [] }, { code: 'declarations', outcome: 'pass', details: [] },
    { code: 'eligibility', outcome: 'fail', details: [] }, { code: 'annual_fee', outcome: 'verify', details: [] },
    { code: 'de_minimis', outcome: 'pass', details: [] },
  ]
  it('asks for every check that applies, a note for a fail and for overriding what the system found', () => {
    expect(applicableChecks(call)).toEqual(['documents', 'declarations', 'eligibility', 'annual_fee', 'de_minimis'])
    const all = applicableChecks(call).map((code) => ({ code, outcome: 'pass' as const }))
    expect(checklistProblems(applicableChecks(call), proposed, all)).toEqual([{ path: '/checks/2/note', message: "the system found 'fail': a different outcome needs a note", code: 'note_for_override' }])
    const withNote = all.map((c) => (c.code === 'eligibility' ? { ...c, note: 'register data out of date: checked the visura' } : c))
    expect(checklistProblems(applicableChecks(call), proposed, withNote)).toEqual([])
    const problems = checklistProblems(applicableChecks(call), proposed, [{ code: 'annual_fee', outcome: 'fail' }, { code: 'assessment', outcome: 'pass' }])
    expect(problems.map((p) => p.path)).toEqual(['/checks/0/note', '/checks/1/code', '/checks', '/checks', '/checks', '/checks'])
    // Each with the code (and the check it names) the client words.
    expect(problems.map((p) => p.code)).toEqual(['note_for_fail', 'check_not_applicable', 'check_missing', 'check_missing', 'check_missing', 'check_missing'])
    expect(problems[1]!.params).toEqual({ check: 'assessment' })
  })
})

describe('reporting', () => {
  const rule: GrantRule = {
    maxGrantCents: 500_000, ratePm: 500, minSpendCents: 300_000, bonuses: [{ kind: 'legality_rating', amountCents: 25_000 }],
    categories: [{ code: 'consulting', label: { it: 'C' }, capPm: 300 }, { code: 'technology', label: { it: 'T' } }],
  }
  it('applies the call rule to the eligible actual costs, never above the grant', () => {
    // 2,000 consulting + 6,000 technology: consulting capped at 30% of 8,000 = 2,400 (not hit): 8,000 x 50% = 4,000.
    expect(payableFor(rule, [{ category: 'consulting', eligibleCents: 200_000 }, { category: 'technology', eligibleCents: 600_000 }], {}, 500_000).payableCents).toBe(400_000)
    // The same costs on a grant reduced to 3,500 (pro rata): 3,500.
    expect(payableFor(rule, [{ category: 'technology', eligibleCents: 800_000 }], {}, 350_000).payableCents).toBe(350_000)
    // Below the minimum spend: nothing, and the rule says why.
    const low = payableFor(rule, [{ category: 'technology', eligibleCents: 250_000 }], {}, 500_000)
    expect(low.payableCents).toBe(0)
    expect(low.figures.problems.map((p) => p.code)).toEqual(['below_min_spend'])
    fc.assert(fc.property(fc.array(fc.record({ category: fc.constantFrom('consulting', 'technology'), eligibleCents: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 10 }),
      fc.integer({ min: 1, max: 525_000 }), (costs, granted) => {
        const { payableCents } = payableFor(rule, costs, { legalityRating: true }, granted)
        expect(payableCents).toBeLessThanOrEqual(granted)
        expect(payableCents).toBeLessThanOrEqual(costs.reduce((s, c) => s + c.eligibleCents, 0))
      }))
  })

  it('is open until the end of the deadline day in Rome', () => {
    expect(reportingOpen('2026-06-30', new Date('2026-06-30T21:59:59Z'))).toBe(true)
    expect(reportingOpen('2026-06-30', new Date('2026-06-30T22:00:00Z'))).toBe(false)
  })
})
