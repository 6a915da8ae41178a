/**
 * Amounts typed by people in a plain text field (phones show a decimal keypad): "1.500", "1500,50",
 * "1 500", "€ 2.000,00" or "1500.5". Italian style first: a comma is the decimal mark and dots group
 * thousands; a lone dot followed by one or two digits is read as a decimal mark.
 */
export function parseEuroCents(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0\u202f€]/g, '')
  if (!s) return null
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.')
  else if (!/^\d+\.\d{1,2}$/.test(s)) s = s.replace(/\./g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [whole, frac = ''] = s.split('.')
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  return Number.isSafeInteger(cents) ? cents : null
}

/** Cents as the field shows them again: "1500,50" (Italian) or "1500.50". */
export function centsToInput(cents: number | null | undefined, locale: string): string {
  if (cents === null || cents === undefined) return ''
  const s = `${Math.floor(cents / 100)}${cents % 100 ? `.${String(cents % 100).padStart(2, '0')}` : ''}`
  return locale === 'it' ? s.replace('.', ',') : s
}
