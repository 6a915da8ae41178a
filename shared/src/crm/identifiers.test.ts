import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkRea, checkTaxCode, checkVatNumber, personalCodeCheckChar, vatCheckDigit } from './identifiers.ts'

describe('partita IVA', () => {
  it('accepts real-shaped numbers with a valid office code and check digit', () => {
    // 0000001 + office 015 (Milano) + check digit
    const body = '0000001015'
    const vat = body + vatCheckDigit(body)
    expect(checkVatNumber(vat)).toEqual({ ok: true, value: vat })
    expect(checkVatNumber(`IT ${vat}`)).toEqual({ ok: true, value: vat })
  })

  it('refuses a wrong check digit, a bad office code or a bad length', () => {
    const body = '0000001015'
    const wrong = body + String((Number(vatCheckDigit(body)) + 1) % 10)
    expect(checkVatNumber(wrong)).toEqual({ ok: false, reason: 'the check digit is wrong' })
    const badOffice = '0000001456'
    expect(checkVatNumber(badOffice + vatCheckDigit(badOffice))).toMatchObject({ ok: false })
    expect(checkVatNumber('123')).toMatchObject({ ok: false, reason: 'a partita IVA has 11 digits' })
  })

  it('every generated body completed with its check digit validates (valid offices)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 100 }), (serial, office) => {
      const body = String(serial).padStart(7, '0') + String(office).padStart(3, '0')
      expect(checkVatNumber(body + vatCheckDigit(body)).ok).toBe(true)
    }))
  })
})

describe('codice fiscale', () => {
  it('accepts a person\'s code, and its omocodia variant', () => {
    expect(checkTaxCode('RSSMRA85T10A562S')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' })
    expect(checkTaxCode('rssmra85t10a562s')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' })
    // omocodia: digits of the date/place replaced by letters (L=0, M=1, N=2, P=3, Q=4, R=5, S=6, T=7, U=8, V=9)
    expect(checkTaxCode('RSSMRA85T10A56NH').ok).toBe(true)
  })

  it('refuses a wrong check character and a wrong length', () => {
    expect(checkTaxCode('RSSMRA85T10A562X')).toEqual({ ok: false, reason: 'the check digit is wrong' })
    expect(checkTaxCode('RSSMRA85T10')).toMatchObject({ ok: false })
  })

  it('for companies is the 11-digit number', () => {
    const body = '0123456015'
    expect(checkTaxCode(body + vatCheckDigit(body)).ok).toBe(true)
  })
})

describe('REA', () => {
  it('is a province plate code and a number', () => {
    expect(checkRea('mi', '0012345')).toEqual({ ok: true, value: 'MI-12345' })
    expect(checkRea('MIL', '1')).toMatchObject({ ok: false })
    expect(checkRea('MI', '12345678')).toMatchObject({ ok: false })
  })
})

describe('personal code check character', () => {
  it('matches the library on real and generated codes', () => {
    expect(personalCodeCheckChar('RSSMRA85T10A562')).toBe('S')
    fc.assert(fc.property(
      fc.stringMatching(/^[B-DF-HJ-NP-TV-Z]{6}$/), fc.integer({ min: 0, max: 99 }), fc.constantFrom('A', 'B', 'C', 'D', 'E', 'H', 'L', 'M', 'P', 'R', 'S', 'T'),
      fc.integer({ min: 1, max: 28 }), fc.constantFrom('F205', 'A794', 'B157'),
      (letters, year, month, day, place) => {
        const first15 = `${letters}${String(year).padStart(2, '0')}${month}${String(day).padStart(2, '0')}${place}`
        expect(checkTaxCode(first15 + personalCodeCheckChar(first15)).ok).toBe(true)
      }))
  })
})
