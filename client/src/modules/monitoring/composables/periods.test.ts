import { describe, expect, it } from 'vitest'
import { addMonths, monthsBack, periodLabel } from './periods'

const quarter = (n: number, year: string) => `${n}º trim. ${year}`

describe('monitoring periods', () => {
  it('moves across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-03', -11)).toBe('2025-04')
    expect(monthsBack('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12'])
  })

  it('words months, quarters and years without their ISO form', () => {
    expect(periodLabel('2026-03', 'it', quarter)).toBe('mar 2026')
    expect(periodLabel('2026-Q1', 'it', quarter)).toBe('1º trim. 2026')
    expect(periodLabel('2026', 'it', quarter)).toBe('2026')
    expect(periodLabel('2026-03', 'en', quarter)).toBe('Mar 2026')
  })
})
