import { stdnum } from 'stdnum'

/**
 * Italian business identifiers, checked with the maintained `stdnum` library (check digits,
 * office codes, omocodia) and normalised to their compact form.
 */
export type IdentifierResult = { ok: true; value: string } | { ok: false; reason: string }

const compact = (v: string) => v.replace(/[\s.-]/g, '').toUpperCase()

// The library's index types every country as optional; Italy's validators are always there.
const italy = stdnum.IT!
const iva = italy.iva!
const personalCode = italy.codicefiscale!

/** Partita IVA: 11 digits, a valid provincial office code, Luhn check digit. */
export function checkVatNumber(input: string): IdentifierResult {
  const v = compact(input).replace(/^IT/, '')
  if (!/^\d{11}$/.test(v)) return { ok: false, reason: 'a partita IVA has 11 digits' }
  const r = iva.validate(v)
  return r.isValid ? { ok: true, value: v } : { ok: false, reason: reasonOf(r.error) }
}

/**
 * Codice fiscale of a firm: a company's is its 11-digit number (same rules as a partita IVA); a sole
 * trader's or professional's is the owner's 16-character personal code with its check character
 * (omocodia letters accepted).
 */
export function checkTaxCode(input: string): IdentifierResult {
  const v = compact(input)
  if (/^\d{11}$/.test(v)) return checkVatNumber(v)
  if (v.length !== 16) return { ok: false, reason: 'a codice fiscale has 11 digits (company) or 16 characters (person)' }
  const r = personalCode.validate(v)
  return r.isValid ? { ok: true, value: v } : { ok: false, reason: reasonOf(r.error) }
}

/** REA number: the province's plate code and up to 7 digits (e.g. MI-1234567). */
export function checkRea(province: string, number: string | number): IdentifierResult {
  const p = compact(province)
  const n = String(number).trim()
  if (!/^[A-Z]{2}$/.test(p)) return { ok: false, reason: 'the REA province is a 2-letter plate code' }
  if (!/^\d{1,7}$/.test(n) || Number(n) === 0) return { ok: false, reason: 'the REA number has 1 to 7 digits' }
  return { ok: true, value: `${p}-${Number(n)}` }
}

function reasonOf(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name ?? ''
  if (/Checksum/i.test(name)) return 'the check digit is wrong'
  if (/Length/i.test(name)) return 'the length is wrong'
  if (/Component/i.test(name)) return 'the office code is not valid'
  if (/Format/i.test(name)) return 'the format is wrong'
  return 'not a valid code'
}

/** Computes the Luhn check digit that completes a 10-digit partita IVA body (for generators and tests). */
export function vatCheckDigit(body10: string): string {
  let sum = 0
  for (let i = 0; i < 10; i++) {
    let d = Number(body10[i])
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9 }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}
