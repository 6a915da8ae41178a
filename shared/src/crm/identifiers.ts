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

const ODD: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15,
  H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22,
  X: 25, Y: 24, Z: 23,
}

/** The check character of a personal codice fiscale from its first 15 characters (for generators and tests). */
export function personalCodeCheckChar(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const ch = first15[i]!.toUpperCase()
    if (i % 2 === 0) sum += ODD[ch]!
    else sum += /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65
  }
  return String.fromCharCode(65 + (sum % 26))
}
