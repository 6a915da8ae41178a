import { sql } from 'kysely'
import {
  OPEN_DATA_COLUMNS, OPEN_DATA_METRICS, OPEN_DATA_MONEY, OPEN_DATA_THRESHOLD, OPEN_DATA_TOTAL, OPEN_DATA_UNKNOWN, SIZE_CLASSES,
  type OpenDataMetric, type OpenDataSchema,
} from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { safeCsv } from '../../core/spreadsheet.ts'
import type { ScopeChamber } from '../crm/index.ts'

/**
 * Open data (issue 16): a year's maintained aggregates as an anonymous CSV a chamber, a region or
 * the network can publish, one row per chamber, year, ATECO section, size class and metric (only
 * the combinations with some activity: an absent row is a zero). Yearly, not quarterly: fewer,
 * fuller cells, so far less is suppressed.
 *
 * Small cells. Within a chamber and metric the cells form a table, sections by size classes; its
 * lines (a section across sizes, a size across sections) have totals someone may publish.
 * 1. Primary: a count from 1 to K-1 (K = OPEN_DATA_THRESHOLD) is suppressed (empty value,
 *    `suppressed` true).
 * 2. Complementary: while a line holds exactly one suppressed cell, its smallest published
 *    non-zero cell is suppressed too (preferring one that is not alone in its other line).
 * 3. Check: a suppressed cell is still recoverable from line totals when it is a bridge in the
 *    graph whose nodes are the lines and whose edges are the suppressed cells (lines with a total
 *    under K, themselves unpublishable, count as one unknown node). If any is, the table is merged
 *    into one row, section and size OPEN_DATA_TOTAL, the chamber's total (suppressed if under K).
 * The rule works chamber by chamber, so a chamber's cells read the same in its own, its region's
 * and the network's export. Money sums follow their count (`OPEN_DATA_MONEY`): suppressed wherever
 * the count is (or is under K), merged where it is.
 */

const K = OPEN_DATA_THRESHOLD

export interface OpenDataRow {
  chamberId: number; chamberName: string; year: number; section: string; sizeClass: string
  metric: OpenDataMetric; value: number | null
}

export interface Cell { section: string; size: string; value: number; suppressed: boolean }

/** The lines of a table: each section across sizes, each size across sections. */
const linesOf = (cells: Cell[]) => [
  ...[...Map.groupBy(cells, (c) => c.section).values()].map((line) => ({ bySection: true, line })),
  ...[...Map.groupBy(cells, (c) => c.size).values()].map((line) => ({ bySection: false, line })),
]

/** Steps 1 and 2 (mutates `suppressed`). */
export function suppress(cells: Cell[]): void {
  for (const c of cells) c.suppressed = c.value > 0 && c.value < K
  const lines = linesOf(cells)
  const nonZero = (line: Cell[]) => line.filter((c) => c.value > 0).length
  // A candidate alone in its other line would be given away by that line's total.
  const alone = (c: Cell, bySection: boolean) => nonZero(cells.filter((x) => (bySection ? x.size === c.size : x.section === c.section))) < 2
  for (let changed = true; changed;) {
    changed = false
    for (const { bySection, line } of lines) {
      if (line.filter((c) => c.suppressed).length !== 1) continue
      const candidates = line.filter((c) => !c.suppressed && c.value > 0)
        .sort((a, b) => Number(alone(a, bySection)) - Number(alone(b, bySection)) || a.value - b.value)
      if (candidates[0]) { candidates[0].suppressed = true; changed = true }
    }
  }
}

/** Step 3: whether some suppressed cell is a bridge (recoverable by subtraction from line totals). */
export function exposed(cells: Cell[]): boolean {
  const total = (key: string) => cells.filter((c) => (key.startsWith('s:') ? `s:${c.section}` : `z:${c.size}`) === key).reduce((s, c) => s + c.value, 0)
  const node = (key: string) => (total(key) < K ? 'unknown' : key)
  const edges = cells.filter((c) => c.suppressed).map((c) => [node(`s:${c.section}`), node(`z:${c.size}`)] as const)
  return edges.some(([a, b], i) => {
    if (a === b) return false // a cell between two unknown totals: a loop, never a bridge
    const seen = new Set([a])
    for (const queue = [a]; queue.length > 0;) {
      const n = queue.pop()!
      for (const [j, [x, y]] of edges.entries()) {
        if (j === i || (x !== n && y !== n)) continue
        const next = x === n ? y : x
        if (!seen.has(next)) { seen.add(next); queue.push(next) }
      }
    }
    return !seen.has(b)
  })
}

/** A table after the rule: its cells, or merged into one total cell. */
export function protect(cells: Cell[]): { cells: Cell[]; merged: boolean } {
  suppress(cells)
  if (!exposed(cells)) return { cells, merged: false }
  const value = cells.reduce((s, c) => s + c.value, 0)
  return { cells: [{ section: OPEN_DATA_TOTAL, size: OPEN_DATA_TOTAL, value, suppressed: value > 0 && value < K }], merged: true }
}

const known = (v: string) => v === '' ? OPEN_DATA_UNKNOWN : v

/** A year's rows for these chambers, suppressed as above (value null where suppressed). */
export async function openDataRows(db: DbOrTx, chambers: ScopeChamber[], year: number): Promise<OpenDataRow[]> {
  const { rows } = await sql<{ chamber_id: number; metric: string; ateco_section: string; size_class: string; v: string }>`
    SELECT chamber_id, metric, ateco_section, size_class, sum(value) AS v FROM monitoring_fact
    WHERE chamber_id = ANY(${sql.val(chambers.map((c) => c.id))}::bigint[]) AND metric = ANY(${sql.val([...OPEN_DATA_METRICS])}::text[])
      AND month >= ${`${year}-01-01`}::date AND month < ${`${year + 1}-01-01`}::date
    GROUP BY 1, 2, 3, 4 HAVING sum(value) <> 0`.execute(db)
  const out: OpenDataRow[] = []
  for (const chamber of chambers) {
    const mine = rows.filter((r) => Number(r.chamber_id) === chamber.id)
    const cellsOf = new Map<OpenDataMetric, Cell[]>()
    const merged = new Set<OpenDataMetric>()
    for (const metric of OPEN_DATA_METRICS) {
      cellsOf.set(metric, mine.filter((r) => r.metric === metric)
        .map((r) => ({ section: known(r.ateco_section), size: known(r.size_class), value: Number(r.v), suppressed: false })))
    }
    for (const metric of OPEN_DATA_METRICS) {
      const count = OPEN_DATA_MONEY[metric]
      if (!count) {
        const done = protect(cellsOf.get(metric)!)
        cellsOf.set(metric, done.cells)
        if (done.merged) merged.add(metric)
        continue
      }
      // Money follows its count (listed after it): merged with it, suppressed with it or under K.
      let cells = cellsOf.get(metric)!
      if (merged.has(count)) {
        const value = cells.reduce((s, c) => s + c.value, 0)
        cells = value === 0 ? [] : [{ section: OPEN_DATA_TOTAL, size: OPEN_DATA_TOTAL, value, suppressed: false }]
      }
      const counts = cellsOf.get(count)!
      for (const c of cells) {
        const n = counts.find((x) => x.section === c.section && x.size === c.size)
        c.suppressed = !n || n.suppressed || n.value < K
      }
      cellsOf.set(metric, cells)
    }
    for (const metric of OPEN_DATA_METRICS) {
      for (const c of cellsOf.get(metric)!.sort((a, b) => a.section.localeCompare(b.section) || sizeOrder(a.size) - sizeOrder(b.size))) {
        out.push({ chamberId: chamber.id, chamberName: chamber.name, year, section: c.section, sizeClass: c.size, metric, value: c.suppressed ? null : c.value })
      }
    }
  }
  return out
}

const SIZES: readonly string[] = [...SIZE_CLASSES, OPEN_DATA_UNKNOWN, OPEN_DATA_TOTAL]
const sizeOrder = (s: string) => SIZES.indexOf(s)

/** The CSV: comma-separated, UTF-8, every text cell through the neutraliser (codes included). */
export function openDataCsv(rows: OpenDataRow[]): string {
  return safeCsv([
    [...OPEN_DATA_COLUMNS],
    ...rows.map((r) => [r.chamberId, r.chamberName, r.year, r.section, r.sizeClass, r.metric,
      OPEN_DATA_MONEY[r.metric] ? 'eur_cents' : 'count', r.value ?? '', r.value === null ? 'true' : 'false']),
  ], { delimiter: ',', record_delimiter: '\n' })
}

const SECTIONS = [...'ABCDEFGHIJKLMNOPQRSTU', OPEN_DATA_UNKNOWN, OPEN_DATA_TOTAL]

/** The Frictionless Table Schema of the CSV (the same for every scope and year). */
export function openDataSchema(): OpenDataSchema {
  const field = (name: (typeof OPEN_DATA_COLUMNS)[number], type: 'string' | 'integer' | 'boolean', title: string, description: string,
    constraints: OpenDataSchema['fields'][number]['constraints']) => ({ name, type, title, description, constraints })
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: 'pid-monitoring-open-data',
    title: 'Punto Impresa Digitale: attività della rete per camera, anno, settore e dimensione',
    description: `Aggregati annuali anonimi. Conteggi da 1 a ${K - 1} oscurati (valore vuoto, suppressed = true), ` +
      'con oscuramento complementare in ogni riga (sezione) e colonna (classe dimensionale) della stessa camera e indicatore, ' +
      'così che nessun valore oscurato si ricavi per differenza dai totali; le somme in euro seguono il loro conteggio. ' +
      'Le combinazioni senza attività non hanno riga (valore zero).',
    fields: [
      field('chamber_id', 'integer', 'Identificativo della camera di commercio', 'Codice interno della camera di commercio', { required: true, minimum: 1 }),
      field('chamber_name', 'string', 'Camera di commercio', 'Denominazione della camera di commercio', { required: true }),
      field('year', 'integer', 'Anno', 'Anno solare (mesi secondo il fuso Europe/Rome)', { required: true, minimum: 2017, maximum: 2100 }),
      field('ateco_section', 'string', 'Sezione ATECO', `Sezione ATECO 2025 dell'impresa; ${OPEN_DATA_UNKNOWN} se la fonte non la conserva`,
        { required: true, enum: SECTIONS }),
      field('size_class', 'string', 'Classe dimensionale', `micro, small (piccola), medium (media), large (grande); ${OPEN_DATA_UNKNOWN} se non disponibile`,
        { required: true, enum: [...SIZES] }),
      field('metric', 'string', 'Indicatore', 'Indicatore (nomi come nel modulo di monitoraggio, es. firms_reached: imprese raggiunte per la prima volta)',
        { required: true, enum: [...OPEN_DATA_METRICS] }),
      field('unit', 'string', 'Unità di misura', 'count: numero; eur_cents: somma in centesimi di euro', { required: true, enum: ['count', 'eur_cents'] }),
      field('value', 'integer', 'Valore', `Valore dell'anno; vuoto se oscurato (conteggio inferiore a ${K} o oscuramento complementare)`, { minimum: 0 }),
      { ...field('suppressed', 'boolean', 'Oscurato', 'true se il valore è oscurato per la tutela delle imprese', { required: true }),
        trueValues: ['true'], falseValues: ['false'] },
    ],
    missingValues: [''],
    primaryKey: ['chamber_id', 'year', 'ateco_section', 'size_class', 'metric'],
  }
}
