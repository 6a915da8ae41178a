import ExcelJS from 'exceljs'
import { safeCsv, safeRow } from '../../core/spreadsheet.ts'

/** A cell of mentoring's exports (figures, expenses, pairs). */
export type Cell = string | number | null

export const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** CSV (semicolons, BOM: Excel in Italian opens it) or XLSX, with amounts as numbers in the sheet. */
export async function spreadsheet(format: 'csv' | 'xlsx', sheetName: string, rows: Cell[][], euroColumns: number[]): Promise<Buffer | string> {
  if (format === 'csv') return safeCsv(rows.map((r) => r.map((c) => c ?? '')), { delimiter: ';', bom: true })
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet(sheetName)
  rows.forEach((r, i) => sheet.addRow(safeRow(i === 0 ? r : r.map((c, col) => (euroColumns.includes(col) && typeof c === 'string' && c !== '' ? Number(c) : c)))))
  for (const c of euroColumns) sheet.getColumn(c + 1).numFmt = '#,##0.00'
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
