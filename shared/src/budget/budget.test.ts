import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { centsToDecimal, decimalToCents, formatQuantity, formulaCents, parseQuantity } from './money.ts'
import { formatPermille, parsePercentPermille, sharePermille, sharesPermille } from './shares.ts'
import { internalExcess, programmeViolation, SEED_THRESHOLDS, voucherGap, worsens, yearViolations } from './rules.ts'
import { reconcile } from './reconcile.ts'
import { SEED_BRESCIA, SEED_NETWORK_LINES, SEED_NETWORK_STATED, splitAcrossPids, splitCents } from './seed-plan.ts'

const amounts = (lines = SEED_NETWORK_LINES) => lines.map((l) => formulaCents(l))
const ruleLines = (lines = SEED_NETWORK_LINES) => lines.map((l) => ({ ...l, plannedCents: formulaCents(l) }))

describe('exact money', () => {
  it('evaluates the seed drivers to the seed amounts', () => {
    expect(amounts()).toEqual([131_080_000, 40_800_000, 18_600_000, 36_000_000, 36_000_000, 78_570_000, 35_000_000, 463_592_000])
  })

  it('rounds a product half-up to the cent, once', () => {
    expect(formulaCents({ formula: 'fte', quantityMilli: 1_005, unitCents: 1, extraCents: 0 })).toBe(1) // 1.005 cents
    expect(formulaCents({ formula: 'per_pid', quantityMilli: 1_500, unitCents: 1, extraCents: 0 })).toBe(2) // 1.5 -> 2
    expect(formulaCents({ formula: 'per_pid', quantityMilli: 1_499, unitCents: 1, extraCents: 0 })).toBe(1)
  })

  it('parses and prints quantities and amounts exactly', () => {
    expect(parseQuantity('26.4')).toBe(26_400)
    expect(parseQuantity('2.205')).toBe(2_205)
    expect(parseQuantity('1.2345')).toBeNull()
    expect(parseQuantity('-1')).toBeNull()
    expect(formatQuantity(26_400)).toBe('26.4')
    expect(formatQuantity(12_000)).toBe('12')
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (m) => { expect(parseQuantity(formatQuantity(m))).toBe(m) }))
    fc.assert(fc.property(fc.integer({ min: -(10 ** 14), max: 10 ** 14 }), (c) => { expect(decimalToCents(centsToDecimal(c))).toBe(c) }))
    expect(decimalToCents('1310800')).toBe(131_080_000)
    expect(decimalToCents('1.2.3')).toBeNull()
  })
})

describe('shares: one decimal, largest remainder', () => {
  it('reproduces the seed table: 15.6 4.9 2.2 4.3 4.3 9.3 4.2 | 44.8 | 55.2', () => {
    const pm = sharesPermille(amounts())
    expect(pm.map(formatPermille)).toEqual(['15.6', '4.9', '2.2', '4.3', '4.3', '9.3', '4.2', '55.2'])
    expect(pm.slice(0, 7).reduce((s, x) => s + x, 0)).toBe(448)
  })

  it('always adds up to 100.0% and never moves a share by a whole tenth', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { minLength: 1, maxLength: 20 }), (xs) => {
      const pm = sharesPermille(xs)
      const total = xs.reduce((s, x) => s + x, 0)
      if (total === 0) { expect(pm.every((p) => p === 0)).toBe(true); return }
      expect(pm.reduce((s, x) => s + x, 0)).toBe(1000)
      xs.forEach((x, i) => expect(Math.abs(pm[i]! - (x * 1000) / total)).toBeLessThan(1))
    }))
  })

  it('breaks ties by position and prints and parses percents', () => {
    expect(sharesPermille([1, 1, 1])).toEqual([334, 333, 333])
    expect(sharePermille(21_805_500, 109_028_800)).toBe(200)
    expect(formatPermille(-3)).toBe('-0.3')
    expect(parsePercentPermille('15,6%')).toBe(156)
    expect(parsePercentPermille('20%')).toBe(200)
    expect(parsePercentPermille('100.01')).toBeNull()
  })
})

describe('rules', () => {
  it('the seed plan meets the first-year thresholds (55.2% vouchers, internal 19.8% <= 20%)', () => {
    expect(yearViolations(ruleLines(), SEED_THRESHOLDS, 2017, 839_642_000)).toEqual([])
  })

  it('says which rule, by how much and what would fix it', () => {
    const lines = ruleLines().map((l) => (l.category === 'vouchers' ? { ...l, plannedCents: l.plannedCents - 200_000 } : l.category === 'support' ? { ...l, plannedCents: l.plannedCents + 200_000 } : l))
    const [v] = yearViolations(lines, SEED_THRESHOLDS, 2017, 839_642_000)
    // 55.2% of 8,396,420 = 4,634,823.84 -> vouchers must reach 4,634,823.84: 4,635,920 - 2,000 is 903.84 short.
    expect(v).toMatchObject({ rule: 'voucher_share_year', byCents: 90_384, fix: 'move_to_vouchers', thresholdPm: 552 })
    expect(v!.message).toContain('903.84 EUR')
    const moved = lines.map((l) => (l.category === 'vouchers' ? { ...l, plannedCents: l.plannedCents + v!.byCents } : l.category === 'support' ? { ...l, plannedCents: l.plannedCents - v!.byCents } : l))
    expect(yearViolations(moved, SEED_THRESHOLDS, 2017, 839_642_000)).toEqual([])
    expect(voucherGap(moved.at(-1)!.plannedCents - 1, 839_642_000, 552)).toBe(1)
  })

  it('reports a changed grand total and too much internal cost', () => {
    const lines = ruleLines().map((l) => (l.category === 'location' ? { ...l, plannedCents: l.plannedCents + 30_000_000 } : l))
    const vs = yearViolations(lines, SEED_THRESHOLDS, 2017, 839_642_000)
    expect(vs.map((v) => v.rule)).toEqual(['voucher_share_year', 'internal_share_max', 'grand_total'])
    expect(vs[2]).toMatchObject({ byCents: 30_000_000, fix: 'reduce_lines' })
    expect(internalExcess(200, 1000, 200)).toBe(0)
    expect(internalExcess(201, 1000, 200)).toBe(1)
  })

  it('checks 60% over the programme once every year has a plan', () => {
    const y1 = { year: 2017, totalCents: 839_642_000, voucherCents: 463_592_000 }
    expect(programmeViolation([y1], 3, 600)).toBeNull()
    const v = programmeViolation([y1, { ...y1, year: 2018 }, { ...y1, year: 2019 }], 3, 600)
    expect(v).toMatchObject({ rule: 'voucher_share_programme', actualPm: 552 })
    expect(v!.byCents).toBe(voucherGap(3 * 463_592_000, 3 * 839_642_000, 600))
  })

  it('a change may leave a broken rule as broken, not worse', () => {
    const base = { rule: 'voucher_share_year' as const, year: 2017, actualPm: 500, thresholdPm: 552, fix: 'move_to_vouchers' as const, message: '' }
    expect(worsens([{ ...base, byCents: 10 }], [{ ...base, byCents: 5 }])).toEqual([])
    expect(worsens([{ ...base, byCents: 10 }], [{ ...base, byCents: 11 }])).toHaveLength(1)
    expect(worsens([], [{ ...base, byCents: 1 }])).toHaveLength(1)
  })
})

describe('stated figures', () => {
  it('the seed table agrees with itself', () => {
    expect(reconcile(ruleLines(), SEED_NETWORK_STATED)).toEqual([])
  })

  it("reports Brescia's slip: 218,055 + 872,233 = 1,090,288, not 1,090,279", () => {
    const diffs = reconcile(ruleLines(SEED_BRESCIA.lines), SEED_BRESCIA.stated)
    expect(diffs.map((d) => [d.item, d.differenceCents])).toEqual([['total', -900], ['allocation', -900]])
    expect(diffs[0]!.message).toBe('total: stated 1090279.00, the lines add up to 1090288.00 (difference -9.00)')
  })

  it('reports a share that does not match its amount, and a total typed wrong', () => {
    const diffs = reconcile(ruleLines(), { ...SEED_NETWORK_STATED, totalCents: 839_642_100, sharesPm: { support: 94 } })
    expect(diffs.map((d) => d.item)).toEqual(['total', 'share:support'])
    expect(diffs[1]).toMatchObject({ statedPm: 94, computedPm: 93 })
  })
})

describe('splitting the network plan across its PIDs', () => {
  it('splits to the cent and adds back up exactly', () => {
    expect(splitCents(35_000_000, 12).reduce((s, x) => s + x, 0)).toBe(35_000_000)
    const perPid = splitAcrossPids(SEED_NETWORK_LINES, 12)
    const sums = SEED_NETWORK_LINES.map((_, i) => perPid.reduce((s, lines) => s + formulaCents(lines[i]!), 0))
    expect(sums).toEqual(amounts())
    expect(perPid[0]![0]).toMatchObject({ quantityMilli: 2_200, unitCents: 4_500_000 })
  })
})
