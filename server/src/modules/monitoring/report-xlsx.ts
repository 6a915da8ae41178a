import ExcelJS from 'exceljs'
import { safeRow } from '../../core/spreadsheet.ts'
import type { YearReport } from './report.ts'
import { fmtDay, isEuro, METRIC_IT, REPORT_METRICS, STAGE_IT } from './report-labels.ts'

/**
 * The yearly activity report as an XLSX: one sheet per section, Italian headers, numbers as
 * numbers (euros as euros, formatted, never text), every text cell through the export neutraliser
 * (a chamber's name is data, and could start with '=').
 */
const EURO = '#,##0.00 "€"'
const PCT = '0.0"%"'

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | null)[][], formats: (string | undefined)[] = []) {
  const ws = wb.addWorksheet(name)
  ws.addRow(safeRow(header)).font = { bold: true }
  for (const r of rows) {
    const row = ws.addRow(safeRow(r))
    formats.forEach((f, i) => { if (f) row.getCell(i + 1).numFmt = f })
  }
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 34 : 18 })
  return ws
}

/** Euro metrics in euros (cents / 100) with the euro format; counts as they are. */
const value = (metric: string, v: number) => (isEuro(metric) ? v / 100 : v)

export async function renderYearReportXlsx(r: YearReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Punto Impresa Digitale'
  wb.created = r.producedAt

  sheet(wb, 'Sintesi', ['Voce', 'Valore'], [
    ['Relazione annuale', r.scope === 'chamber' ? `Camera di commercio: ${r.title}` : r.title],
    ['Anno', r.year],
    ['Prodotta il', fmtDay(r.producedAt)],
    ...REPORT_METRICS.map((m) => [METRIC_IT[m], value(m, r.totals[m])]),
    ['Maturità digitale media (0-100)', r.meanMaturity],
  ])
  // Euro rows of the summary: formatted cell by cell (the column mixes counts and euros).
  const summary = wb.getWorksheet('Sintesi')!
  REPORT_METRICS.forEach((m, i) => { if (isEuro(m)) summary.getRow(5 + i).getCell(2).numFmt = EURO })

  const quarterSheet = wb.addWorksheet('Andamento per trimestre')
  quarterSheet.addRow(safeRow(['Indicatore', ...r.quarters, 'Anno'])).font = { bold: true }
  for (const m of REPORT_METRICS) {
    const row = quarterSheet.addRow(safeRow([METRIC_IT[m], ...r.byQuarter.map((q) => value(m, q[m])), value(m, r.totals[m])]))
    if (isEuro(m)) row.eachCell((c, col) => { if (col > 1) c.numFmt = EURO })
  }
  quarterSheet.columns.forEach((c, i) => { c.width = i === 0 ? 34 : 16 })

  sheet(wb, 'Percorso delle imprese', ['Fase', 'Descrizione', 'Imprese nella fase', 'Arrivate almeno qui', 'Passaggio (%)'],
    r.funnel.map((s) => [s.stage, STAGE_IT[s.stage]!, s.firms, s.reached, s.conversion]), [undefined, undefined, undefined, undefined, PCT])

  const targets = wb.addWorksheet('Obiettivi')
  targets.addRow(safeRow(['Obiettivo', 'Obiettivo fissato', 'Risultato', 'Avanzamento (%)'])).font = { bold: true }
  for (const t of r.targets) {
    const row = targets.addRow(safeRow([METRIC_IT[t.metric], t.target === null ? null : value(t.metric, t.target), value(t.metric, t.actual), t.progress]))
    if (isEuro(t.metric)) { row.getCell(2).numFmt = EURO; row.getCell(3).numFmt = EURO }
    row.getCell(4).numFmt = PCT
  }
  targets.columns.forEach((c, i) => { c.width = i === 0 ? 34 : 18 })

  const b = r.budget
  sheet(wb, 'Esecuzione del budget', ['Piano approvato', 'Impegnato', 'Speso', 'Disponibile', 'Voucher alle imprese (piano)', 'Quota voucher (%)'],
    b ? [[b.plannedCents / 100, b.committedCents / 100, b.spentCents / 100, (b.plannedCents - b.committedCents - b.spentCents) / 100, b.voucherCents / 100, b.voucherSharePm / 10]] : [],
    [EURO, EURO, EURO, EURO, EURO, PCT])

  if (r.scope === 'region') {
    sheet(wb, 'Camere', ['Camera', ...REPORT_METRICS.map((m) => METRIC_IT[m]), 'Piano approvato', 'Impegnato', 'Speso', 'Quota voucher (%)'],
      r.chambers.map((c) => [c.name, ...REPORT_METRICS.map((m) => value(m, c.totals[m])),
        c.budget ? c.budget.plannedCents / 100 : null, c.budget ? c.budget.committedCents / 100 : null,
        c.budget ? c.budget.spentCents / 100 : null, c.budget ? c.budget.voucherSharePm / 10 : null]),
      [undefined, ...REPORT_METRICS.map((m) => (isEuro(m) ? EURO : undefined)), EURO, EURO, EURO, PCT])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
