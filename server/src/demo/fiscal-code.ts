import { personalCodeCheckChar } from '@pid/shared'

/**
 * The personal codice fiscale (DM 23/12/1976): surname and name letters, birth date and sex,
 * cadastral code of the birthplace, check character. For the demo data and the benchmark's
 * generator; the platform itself only checks codes (shared checkTaxCode, via stdnum).
 */
const MONTHS = 'ABCDEHLMPRST'

const letters = (s: string) => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '')
const consonants = (s: string) => letters(s).replace(/[AEIOU]/g, '')
const vowels = (s: string) => letters(s).replace(/[^AEIOU]/g, '')

function surnamePart(surname: string): string {
  return `${consonants(surname)}${vowels(surname)}XXX`.slice(0, 3)
}

function namePart(name: string): string {
  const c = consonants(name)
  // Four or more consonants: the 1st, 3rd and 4th.
  if (c.length >= 4) return c[0]! + c[2]! + c[3]!
  return `${c}${vowels(name)}XXX`.slice(0, 3)
}

export interface Person { surname: string; name: string; born: Date; female: boolean; cadastralCode: string }

export function personalTaxCode(p: Person): string {
  const year = String(p.born.getUTCFullYear() % 100).padStart(2, '0')
  const day = String(p.born.getUTCDate() + (p.female ? 40 : 0)).padStart(2, '0')
  const first15 = surnamePart(p.surname) + namePart(p.name) + year + MONTHS[p.born.getUTCMonth()]! + day + p.cadastralCode
  return first15 + personalCodeCheckChar(first15)
}
