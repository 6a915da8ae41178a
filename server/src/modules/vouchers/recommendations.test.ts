import { describe, expect, it } from 'vitest'
import { callDescription } from './recommendations.ts'

describe('a voucher call in an assessment report', () => {
  it('reads as Italian: grouped euro, the closing day in words, l\'8 and l\'11', () => {
    const text = (cents: number, closes: string) => callDescription({ it: 'Voucher per il digitale.' }, cents, new Date(closes)).it.replace(/\u00a0/g, ' ')
    expect(text(475_000, '2027-01-06T22:59:59Z')).toBe('Voucher per il digitale. Fino a 4.750 €; domande entro il 6 gennaio 2027.')
    expect(text(1_500_050, '2027-01-08T12:00:00Z')).toBe("Voucher per il digitale. Fino a 15.000,50 €; domande entro l'8 gennaio 2027.")
    expect(text(1_000_000, '2027-03-10T23:30:00Z')).toBe("Voucher per il digitale. Fino a 10.000 €; domande entro l'11 marzo 2027.")
  })
})
