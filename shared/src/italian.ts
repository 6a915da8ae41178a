/**
 * Italian typography the catalogues cannot do alone: the article before a number depends on how
 * the number is read. "il 6 gennaio" but "l'8 gennaio", "l'11", "dell'80%", "all'11 marzo"
 * (otto, undici, ottanta... begin with a vowel). "Il 1° gennaio" keeps its article.
 */
const ELIDED: Record<string, string> = { il: "l'", Il: "L'", del: "dell'", al: "all'", dal: "dall'", nel: "nell'", sul: "sull'" }

/** Whether an integer is read in Italian starting with a vowel (8, 80-89, 800..., 11, 11.000, 11 milioni). */
export function readsWithVowel(n: number): boolean {
  const digits = String(Math.trunc(Math.abs(n)))
  return digits.startsWith('8') || (digits.startsWith('11') && digits.length % 3 === 2)
}

/** A sentence with every "il 8", "del 11%"... elided; numbers may carry Italian thousands dots and a decimal comma. */
export function elideArticles(text: string): string {
  return text.replace(/\b(il|Il|del|al|dal|nel|sul) (\d{1,3}(?:\.\d{3})*|\d+)(?!\d)/g, (whole, article: string, number: string) =>
    readsWithVowel(Number(number.replaceAll('.', ''))) ? `${ELIDED[article]}${number}` : whole)
}

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre']

/** A calendar day (YYYY-MM-DD) in words: "6 gennaio 2027", "1° marzo 2027". */
export function italianDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return `${d === 1 ? '1°' : d} ${MONTHS[m - 1]} ${y}`
}
