import { parse } from 'csv-parse/sync'
import { safeCsv, safeRow, unneutralise } from '../../core/spreadsheet.ts'
import ExcelJS from 'exceljs'
import {
  centsToDecimal, decimalToCents, formatPermille, FORMULAS, formulaCents, parsePercentPermille, parseQuantity,
  type DifferenceDto, type Formula, type Plan, type StatedFigures,
} from '@pid/shared'
import { badRequest } from '../../core/errors.ts'
import type { LineDraft } from './plans.repository.ts'

/**
 * The plan file, CSV or XLSX, one layout for export and import (see FORMAT.md): one row per line
 * with its drivers, the reallocations' adjustment, its amount and share, then the summary rows
 * (subtotal without vouchers, total, internal costs, services). Amounts are exact decimals of
 * euros; on import every amount and share in the file is checked against what the drivers give.
 */
export const HEADERS = ['riga', 'codice', 'voce', 'natura', 'avvio', 'formula', 'quantita', 'importo_unitario', 'importo_extra', 'rettifica', 'importo', 'quota_pct'] as const
const SUMMARY: Record<string, keyof StatedFigures | 'total'> = { subtotale: 'subtotalCents', totale: 'totalCents', interni: 'internalCents', servizi: 'servicesCents' }
const SUMMARY_SHARE: Record<string, string> = { subtotale: 'subtotal', totale: 'total', interni: 'internal', servizi: 'services' }

type Cell = string | number | null

function rows(plan: Plan): Cell[][] {
  const t = plan.totals
  return [
    ...plan.lines.map((l) => ['voce', l.category, l.label, l.nature, l.startUp ? 'si' : 'no', l.formula, l.quantity,
      centsToDecimal(l.unitCents), centsToDecimal(l.extraCents), centsToDecimal(l.adjustmentCents), centsToDecimal(l.plannedCents), formatPermille(l.sharePm)]),
    ['subtotale', '', 'Totale escluso voucher', '', '', '', '', '', '', '', centsToDecimal(t.subtotalCents), formatPermille(t.subtotalSharePm)],
    ['totale', '', 'Totale inclusi voucher', '', '', '', '', '', '', '', centsToDecimal(t.totalCents), formatPermille(t.totalCents > 0 ? 1000 : 0)],
    ['interni', '', 'Oneri organizzativi interni', '', '', '', '', '', '', '', centsToDecimal(t.internalCents), formatPermille(t.internalSharePm)],
    ['servizi', '', 'Servizi e contributi alle imprese', '', '', '', '', '', '', '', centsToDecimal(t.servicesCents), formatPermille(t.servicesSharePm)],
  ]
}

export function planCsv(plan: Plan): string {
  return safeCsv([[...HEADERS], ...rows(plan)], { delimiter: ';', bom: true })
}

/** Excel formula of a line's amount (row r), the same arithmetic as formulaCents: ROUND is half-up. */
function amountFormula(formula: Formula, r: number): string {
  switch (formula) {
    case 'amount': return `I${r}+J${r}`
    case 'fte':
    case 'events': return `ROUND(G${r}*H${r},2)+I${r}+J${r}`
    case 'people': return `ROUND(G${r}*(H${r}+I${r}),2)+J${r}`
    case 'per_pid': return `ROUND(G${r}*H${r},2)+J${r}`
  }
}

/** XLSX with numbers and live formulas (amounts and totals), each with its exact cached result. */
export async function planXlsx(plan: Plan): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Piano')
  sheet.addRow([...HEADERS])
  const n = plan.lines.length
  const euro = (text: Cell) => (typeof text === 'string' && text !== '' ? decimalToCents(text)! / 100 : null)
  rows(plan).forEach((cells, i) => {
    const r = i + 2
    const line = plan.lines[i]
    const values: ExcelJS.CellValue[] = safeRow(cells.map((c, col) => (col >= 7 && col <= 10 ? euro(c) : c)))
    values[6] = line ? Number(line.quantity) : null
    values[11] = typeof cells[11] === 'string' ? Number(cells[11]) : null
    const result = values[10] as number
    const range = (col: string) => `${col}2:${col}${n + 1}`
    values[10] = {
      formula: line ? amountFormula(line.formula, r)
        : cells[0] === 'subtotale' ? `SUMIF(${range('B')},"<>vouchers",${range('K')})`
          : cells[0] === 'totale' ? `SUM(${range('K')})`
            : `SUMIF(${range('D')},"${cells[0] === 'interni' ? 'internal' : 'services'}",${range('K')})`,
      result,
    }
    sheet.addRow(values)
  })
  sheet.getColumn(3).width = 50
  for (const c of [8, 9, 10, 11]) sheet.getColumn(c).numFmt = '#,##0.00'
  sheet.getColumn(12).numFmt = '0.0'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export interface ParsedPlanFile { drafts: LineDraft[]; stated: StatedFigures; differences: DifferenceDto[] }

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue)
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('')
  return String(v)
}

/** Euros from a cell: an exact decimal text, or a spreadsheet number rounded to the cent. */
function euros(text: string, numeric: boolean): number | null {
  if (text === '') return 0
  return numeric ? (Number.isFinite(Number(text)) ? Math.round(Number(text) * 100) : null) : decimalToCents(text)
}

async function tableOf(format: 'csv' | 'xlsx', content: string): Promise<string[][]> {
  if (format === 'csv') {
    try {
      // The export writes semicolons (Italian Excel); a file re-saved with commas is read too.
      const delimiter = (content.split('\n')[0] ?? '').includes(';') ? ';' : ','
      const table = parse(content, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
      return table.map((cells) => cells.map(unneutralise))
    } catch (err) {
      throw badRequest(`the CSV cannot be read: ${(err as Error).message}`)
    }
  }
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(content, 'base64') as unknown as ArrayBuffer)
  } catch {
    throw badRequest('the XLSX file cannot be read')
  }
  const sheet = wb.worksheets[0]
  if (!sheet) throw badRequest('the XLSX file has no sheet')
  const out: string[][] = []
  sheet.eachRow((row) => { out.push(HEADERS.map((_, i) => unneutralise(cellText(row.getCell(i + 1).value).trim()))) })
  return out
}

/** Reads a plan file: its lines, what it states (totals, shares), and any line whose amount disagrees with its drivers. */
export async function parsePlanFile(format: 'csv' | 'xlsx', content: string): Promise<ParsedPlanFile> {
  const table = await tableOf(format, content)
  const numeric = format === 'xlsx'
  const header = table[0]?.map((h) => h.toLowerCase())
  if (!header || HEADERS.some((h, i) => header[i] !== h)) {
    throw badRequest('the file does not have the plan layout', [{ path: '/content', message: `expected columns: ${HEADERS.join(';')}` }])
  }
  const errors: { path: string; message: string }[] = []
  const drafts: LineDraft[] = []
  const stated: StatedFigures = { sharesPm: {} }
  const differences: DifferenceDto[] = []
  table.slice(1).forEach((cells, i) => {
    const at = (message: string) => errors.push({ path: `/content/row/${i + 2}`, message })
    const [kind, category = '', label = '', nature, startUp, formula, quantity = '', unit = '', extra = '', adjustment = '', amount = '', share = ''] = cells
    const amountCents = euros(amount, numeric)
    const sharePm = share === '' ? null : numeric ? Math.round(Number(share) * 10) : parsePercentPermille(share)
    if (amountCents === null) return at(`amount '${amount}' is not an amount of euros`)
    if (share !== '' && (sharePm === null || Number.isNaN(sharePm))) return at(`share '${share}' is not a percentage`)
    if (kind && kind in SUMMARY) {
      (stated as Record<string, unknown>)[SUMMARY[kind]!] = amountCents
      if (sharePm !== null) stated.sharesPm![SUMMARY_SHARE[kind]!] = sharePm
      return
    }
    if (kind !== 'voce') return at(`unknown row kind '${kind}'`)
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(category)) return at(`code '${category}' is not a line code`)
    if (nature !== 'internal' && nature !== 'services') return at(`nature '${nature}' is not internal or services`)
    if (!FORMULAS.includes(formula as Formula)) return at(`formula '${formula}' is not one of ${FORMULAS.join(', ')}`)
    const q = quantity === '' ? 0 : numeric ? Math.round(Number(quantity) * 1000) : parseQuantity(quantity)
    const [u, e, a] = [euros(unit, numeric), euros(extra, numeric), euros(adjustment, numeric)]
    if (q === null || Number.isNaN(q) || u === null || e === null || a === null || u < 0 || e < 0) return at('drivers are not valid amounts')
    if (!label) return at('the line has no label')
    const draft: LineDraft = { category, label, nature, startUp: startUp === 'si', formula: formula as Formula, quantityMilli: q, unitCents: u, extraCents: e, adjustmentCents: a }
    const computed = formulaCents(draft) + a
    if (computed !== amountCents) {
      differences.push({ item: `amount:${category}`, statedCents: amountCents, computedCents: computed, differenceCents: amountCents - computed, statedPm: null, computedPm: null,
        message: `${label}: stated ${centsToDecimal(amountCents)}, the drivers give ${centsToDecimal(computed)} (difference ${centsToDecimal(amountCents - computed)})` })
    }
    if (sharePm !== null) stated.sharesPm![category] = sharePm
    drafts.push(draft)
  })
  if (errors.length > 0) throw badRequest('the file has rows that cannot be read', errors)
  if (drafts.length === 0) throw badRequest('the file has no lines', [{ path: '/content', message: 'no row of kind voce' }])
  return { drafts, stated, differences }
}
