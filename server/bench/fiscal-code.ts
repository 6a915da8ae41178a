/**
 * The personal codice fiscale (DM 23/12/1976): surname and name letters, birth date and sex,
 * cadastral code of the birthplace, check character. Only what the data generator needs; the
 * platform itself only checks codes (shared checkTaxCode, via stdnum).
 */
const MONTHS = 'ABCDEHLMPRST'
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

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

/** The check character over the first 15 characters. */
export function checkCharacter(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const ch = first15[i]!
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65
    // Positions 1, 3, 5... (1-based) use the odd table; digits map like A, B, C... there.
    sum += i % 2 === 0 ? ODD[v]! : v
  }
  return String.fromCharCode(65 + (sum % 26))
}

export interface Person { surname: string; name: string; born: Date; female: boolean; cadastralCode: string }

export function personalTaxCode(p: Person): string {
  const year = String(p.born.getUTCFullYear() % 100).padStart(2, '0')
  const day = String(p.born.getUTCDate() + (p.female ? 40 : 0)).padStart(2, '0')
  const first15 = surnamePart(p.surname) + namePart(p.name) + year + MONTHS[p.born.getUTCMonth()]! + day + p.cadastralCode
  return first15 + checkCharacter(first15)
}
