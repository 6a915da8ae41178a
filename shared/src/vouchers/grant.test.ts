import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { computeGrant, grantRuleProblems, MAX_EXPENSE_CENTS, type Expense, type GrantRule } from './grant.ts'

/** A call like the 2021-2025 ones: 50% of eligible costs, at most 10,000 EUR, consultancy <= 30%, +250 EUR legality. */
const RULE: GrantRule = {
  maxGrantCents: 1_000_000,
  ratePm: 500,
  minSpendCents: 300_000,
  categories: [
    { code: 'consulting', label: { it: 'Consulenza' }, capPm: 300 },
    { code: 'training', label: { it: 'Formazione' } },
    { code: 'technology', label: { it: 'Tecnologie I4.0', en: 'I4.0 technology' } },
  ],
  bonuses: [{ kind: 'legality_rating', amountCents: 25_000 }],
}
const e = (category: string, amountCents: number): Expense => ({ category, supplierName: 'Fornitore S.r.l.', description: 'voce', amountCents })

describe('computeGrant', () => {
  it('grants the rate of eligible costs, capping consultancy at 30% of the project', () => {
    // project 10,000: consultancy 5,000 counts only 3,000; eligible 8,000; 50% = 4,000
    const r = computeGrant(RULE, [e('consulting', 500_000), e('technology', 500_000)])
    expect(r.projectCents).toBe(1_000_000)
    expect(r.categories.find((c) => c.code === 'consulting')).toEqual({ code: 'consulting', plannedCents: 500_000, capCents: 300_000, eligibleCents: 300_000 })
    expect(r.eligibleCents).toBe(800_000)
    expect(r.grantCents).toBe(400_000)
    expect(r.problems).toEqual([])
  })

  it('stops at the ceiling, then adds the legality bonus on top', () => {
    const big = [e('technology', 3_000_000)]
    expect(computeGrant(RULE, big).grantCents).toBe(1_000_000)
    const r = computeGrant(RULE, big, { legalityRating: true })
    expect(r.cappedCents).toBe(1_000_000)
    expect(r.bonusCents).toBe(25_000)
    expect(r.grantCents).toBe(1_025_000)
  })

  it('rounds down to the cent, once per share', () => {
    // 3,000.03 x 50% = 1,500.015 -> 1,500.01
    expect(computeGrant(RULE, [e('technology', 300_003)]).grantCents).toBe(150_001)
    // consultancy cap: 30% of 3,333.33 = 999.999 -> 999.99
    const r = computeGrant(RULE, [e('consulting', 100_000), e('training', 233_333)])
    expect(r.categories[0]!.capCents).toBe(99_999)
  })

  it('refuses a project below the minimum spend, an unknown category, no expenses', () => {
    const low = computeGrant(RULE, [e('technology', 299_999)])
    expect(low.grantCents).toBe(0)
    expect(low.problems.map((p) => p.code)).toEqual(['below_min_spend'])
    const unknown = computeGrant(RULE, [e('travel', 500_000), e('technology', 400_000)])
    expect(unknown.problems).toEqual([expect.objectContaining({ path: '/expenses/0/category', code: 'unknown_category' })])
    expect(computeGrant(RULE, []).problems.map((p) => p.code)).toEqual(['no_expenses'])
  })

  it('never grants more than the eligible costs, even with a bonus', () => {
    const rule: GrantRule = { ...RULE, ratePm: 1000, minSpendCents: 0 }
    const r = computeGrant(rule, [e('technology', 10_000)], { legalityRating: true })
    expect(r.grantCents).toBe(10_000)
  })

  it('names what a rule schema cannot say', () => {
    const dup: GrantRule = { ...RULE, categories: [RULE.categories[0]!, RULE.categories[0]!] }
    expect(grantRuleProblems(dup).map((p) => p.path)).toEqual(['/grantRule/categories/1/code', '/grantRule/categories'])
    expect(grantRuleProblems(RULE)).toEqual([])
  })
})

const ruleArb: fc.Arbitrary<GrantRule> = fc.record({
  maxGrantCents: fc.integer({ min: 1, max: 5_000_000 }),
  ratePm: fc.integer({ min: 1, max: 1000 }),
  minSpendCents: fc.integer({ min: 0, max: 1_000_000 }),
  categories: fc.uniqueArray(fc.record({
    code: fc.constantFrom('consulting', 'training', 'technology', 'software', 'cyber'),
    label: fc.constant<{ it: string }>({ it: 'x' }),
    capPm: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  }), { minLength: 1, maxLength: 5, selector: (c) => c.code }),
  bonuses: fc.boolean().map((b): GrantRule['bonuses'] => (b ? [{ kind: 'legality_rating', amountCents: 25_000 }] : [])),
}).map((r) => ({ ...r, categories: r.categories.map(({ capPm, ...c }) => (capPm === undefined ? c : { ...c, capPm })) }))

const expensesFor = (rule: GrantRule) => fc.array(fc.record({
  category: fc.constantFrom(...rule.categories.map((c) => c.code)),
  amountCents: fc.integer({ min: 1, max: 2_000_000 }),
}).map((x) => e(x.category, x.amountCents)), { maxLength: 12 })

const legality = fc.record({ legalityRating: fc.boolean() })

describe('computeGrant properties', () => {
  it('stays within 0, the ceiling plus bonuses, the rate of eligible costs plus bonuses, and the eligible costs', () => {
    fc.assert(fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), expensesFor(r), legality)), ([rule, ex, d]) => {
      const g = computeGrant(rule, ex, d)
      const bonus = d.legalityRating ? rule.bonuses.reduce((s, b) => s + b.amountCents, 0) : 0
      expect(g.grantCents).toBeGreaterThanOrEqual(0)
      expect(g.grantCents).toBeLessThanOrEqual(rule.maxGrantCents + bonus)
      expect(g.grantCents).toBeLessThanOrEqual(Math.floor(g.eligibleCents * rule.ratePm / 1000) + bonus)
      expect(g.grantCents).toBeLessThanOrEqual(g.eligibleCents)
      expect(Number.isInteger(g.grantCents)).toBe(true)
      if (g.problems.length) expect(g.grantCents).toBe(0)
    }))
  })

  it('keeps every capped category within its share of the project', () => {
    fc.assert(fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), expensesFor(r))), ([rule, ex]) => {
      const g = computeGrant(rule, ex)
      for (const c of g.categories) {
        const cap = rule.categories.find((k) => k.code === c.code)!.capPm
        expect(c.eligibleCents).toBeLessThanOrEqual(c.plannedCents)
        if (cap !== undefined) expect(c.eligibleCents * 1000).toBeLessThanOrEqual(g.projectCents * cap)
      }
      expect(g.eligibleCents).toBe(g.categories.reduce((s, c) => s + c.eligibleCents, 0))
    }))
  })

  it('rounds exactly as the documented rule, checked against BigInt arithmetic', () => {
    fc.assert(fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), expensesFor(r))), ([rule, ex]) => {
      const g = computeGrant(rule, ex)
      expect(BigInt(g.rateCents)).toBe(BigInt(g.eligibleCents) * BigInt(rule.ratePm) / 1000n)
    }))
  })

  it('never lowers the grant when the firm plans one more expense', () => {
    fc.assert(fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), expensesFor(r), expensesFor(r).filter((x) => x.length > 0))),
      ([rule, ex, more]) => {
        const before = computeGrant({ ...rule, minSpendCents: 0 }, ex)
        const after = computeGrant({ ...rule, minSpendCents: 0 }, [...ex, more[0]!])
        if (before.problems.length === 0) expect(after.grantCents).toBeGreaterThanOrEqual(before.grantCents)
      }))
  })

  it('handles the largest amounts the schema allows without losing a cent', () => {
    const ex = Array.from({ length: 50 }, () => e('technology', MAX_EXPENSE_CENTS))
    const g = computeGrant({ ...RULE, maxGrantCents: 100_000_000_000, ratePm: 999 }, ex)
    expect(BigInt(g.rateCents)).toBe(BigInt(50 * MAX_EXPENSE_CENTS) * 999n / 1000n)
  })
})
