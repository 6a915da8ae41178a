import { stringify, type Options } from 'csv-stringify/sync'

/**
 * Every text cell of every CSV and XLSX export goes through here. A cell that a spreadsheet would
 * read as a formula (starting with = + - @, a tab or a carriage return: OWASP's CSV injection) gets
 * a leading apostrophe, so `=HYPERLINK(...)` in a firm's name stays text. A plain number written
 * as text ("-120.50", "+39") is left alone: spreadsheets read it as a number, never as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?\d[\d.,]*$/

export function neutralise(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text
}

/** The inverse, for imports that read our own exports back (a budget plan round-trips exactly). */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) && !PLAIN_NUMBER.test(text.slice(1)) ? text.slice(1) : text
}

/** A row for an XLSX sheet: text neutralised; numbers, dates and formula objects as they are. */
export function safeRow<T>(cells: readonly T[]): (T | string)[] {
  return cells.map((c) => (typeof c === 'string' ? neutralise(c) : c))
}

/** The values of an XLSX row given as an object (ExcelJS columns by key), text neutralised. */
export function safeRecord<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? neutralise(v) : v])) as T
}

/** CSV text with every string cell neutralised (headers included: they are ours, and pass unchanged). */
export function safeCsv(rows: unknown[][], options: Options = {}): string {
  return stringify(rows, { ...options, cast: { ...options.cast, string: (value) => neutralise(value) } })
}
