import { describe, expect, it } from 'vitest'
import { formatDay, formatEuro, formatMonth, formatNumber, numberAxisLabel } from './numbers'

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ')

describe('numbers in the UI language', () => {
  it('groups every Italian amount from a thousand on, as 15.000 is', () => {
    expect(nbsp(formatEuro(475_000, 'it'))).toBe('4.750,00 €')
    expect(nbsp(formatEuro(1_500_000, 'it'))).toBe('15.000,00 €')
    expect(nbsp(formatEuro(99_50, 'it'))).toBe('99,50 €')
    expect(formatEuro(475_000, 'en')).toBe('€4,750.00')
  })

  it('writes chart axes the Italian way', () => {
    expect(numberAxisLabel('it').formatter(100_000)).toBe('100.000')
    expect(formatNumber(2_500.5, 'it')).toBe('2.500,5')
    expect(numberAxisLabel('en').formatter(100_000)).toBe('100,000')
  })

  it('names months and days', () => {
    expect(formatMonth('2026-01', 'it')).toBe('gen 2026')
    expect(formatMonth('2026-01', 'en')).toBe('Jan 2026')
    expect(formatMonth('2017-09', 'it', 'long')).toBe('settembre 2017')
    expect(formatDay('2027-01-06', 'it')).toBe('6 gen 2027')
    expect(formatDay('2027-01-06T00:00:00.000Z', 'it')).toBe('6 gen 2027')
  })
})
