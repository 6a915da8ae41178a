import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { atecoMatches, checkEligibility, type Eligibility, type FirmFacts } from './eligibility.ts'
import { applyDeMinimis, DEFAULT_DE_MINIMIS, deMinimisPeriodStart } from './de-minimis.ts'

const RULES: Eligibility = {
  sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true,
  atecoExclusions: ['A', '64.1', '92'], annualFeePaid: true, assessment: { withinMonths: 12 },
}
const NOW = new Date('2026-03-10T10:00:00Z')
const FIRM: FirmFacts = {
  sizeClass: 'micro', provinceCode: 'MI', chamberProvinces: ['MI', 'MB', 'LO'], status: 'active', atecoCode: '62.10.00', atecoSection: 'J',
  assessmentSubmittedAt: new Date('2025-11-02T09:00:00Z'),
}
const DECLARED = { truthful: true, annualFeePaid: true }
const failing = (facts: Partial<FirmFacts>, declarations: object = DECLARED) =>
  checkEligibility(RULES, { ...FIRM, ...facts }, declarations, NOW).checks.filter((c) => c.outcome === 'fail').map((c) => c.code)

describe('eligibility', () => {
  it('admits a micro firm of the chamber, active, in an admitted sector, assessed this year, fee declared', () => {
    const r = checkEligibility(RULES, FIRM, DECLARED, NOW)
    expect(r.eligible).toBe(true)
    // The fee rests on the declaration: admissibility verifies it later.
    expect(r.checks.find((c) => c.code === 'annual_fee')!.outcome).toBe('declared')
  })

  it('names each failing requirement', () => {
    expect(failing({ sizeClass: 'large' })).toEqual(['size_class'])
    expect(failing({ sizeClass: null })).toEqual(['size_class'])
    expect(failing({ provinceCode: 'BG' })).toEqual(['seat'])
    expect(failing({ status: 'ceased' })).toEqual(['active'])
    expect(failing({ atecoCode: '01.13.11', atecoSection: 'A' })).toEqual(['ateco'])
    expect(failing({ atecoCode: '64.19.10', atecoSection: 'K' })).toEqual(['ateco'])
    expect(failing({ atecoCode: '92.00.01', atecoSection: 'R' })).toEqual(['ateco'])
    expect(failing({ assessmentSubmittedAt: null })).toEqual(['assessment'])
    expect(failing({ assessmentSubmittedAt: new Date('2025-03-09T10:00:00Z') })).toEqual(['assessment'])
    expect(failing({}, { truthful: true })).toEqual(['annual_fee'])
    expect(failing({}, { annualFeePaid: true })).toEqual(['truthful'])
  })

  it('matches ATECO prefixes by section, division, group and class only', () => {
    expect(atecoMatches('01', '01.13.11', 'A')).toBe(true)
    expect(atecoMatches('10', '01.13.11', 'A')).toBe(false)
    expect(atecoMatches('64.1', '64.19.10', 'K')).toBe(true)
    expect(atecoMatches('64.19', '64.11.00', 'K')).toBe(false)
    expect(atecoMatches('K', '64.11.00', 'K')).toBe(true)
    expect(atecoMatches('K', null, null)).toBe(false)
  })
})

describe('de minimis (Reg. EU 2023/2831)', () => {
  const rule = DEFAULT_DE_MINIMIS
  it('passes a grant within the room, reduces one that would pass the ceiling, refuses when no room is left', () => {
    expect(applyDeMinimis(rule, 10_000_000, 5_000_000, 1_000_000)).toMatchObject({ outcome: 'within', grantCents: 1_000_000, roomCents: 15_000_000 })
    const reduced = applyDeMinimis(rule, 29_000_000, 600_000, 1_000_000)
    expect(reduced).toMatchObject({ outcome: 'reduced', grantCents: 400_000 })
    expect(reduced.reason).toMatch(/reduced from 10000.00 EUR to 4000.00 EUR/)
    const refused = applyDeMinimis(rule, 30_000_000, 0, 1_000_000)
    expect(refused).toMatchObject({ outcome: 'refused', grantCents: 0 })
    expect(refused.reason).toMatch(/ceiling of 300000.00 EUR reached/)
  })

  it('looks back over a rolling period of three years', () => {
    expect(deMinimisPeriodStart(NOW, 3).toISOString()).toBe('2023-03-10T10:00:00.000Z')
  })

  it('never lets declared + platform + grant pass the ceiling', () => {
    fc.assert(fc.property(fc.nat(40_000_000), fc.nat(40_000_000), fc.nat(5_000_000), (declared, platform, asked) => {
      const r = applyDeMinimis(rule, declared, platform, asked)
      expect(r.grantCents).toBeLessThanOrEqual(asked)
      expect(r.grantCents).toBeGreaterThanOrEqual(0)
      if (r.grantCents > 0) expect(declared + platform + r.grantCents).toBeLessThanOrEqual(rule.ceilingCents)
      expect(r.outcome === 'refused').toBe(asked > 0 && r.grantCents === 0)
    }))
  })
})
