import PDFDocument from 'pdfkit'
import type { YearReport } from './report.ts'
import { fmtDay, fmtEuro, fmtInt, fmtPct, fmtValue, METRIC_IT, REPORT_METRICS, STAGE_IT } from './report-labels.ts'

/**
 * The yearly activity report as a PDF (A4, Italian), drawn like the assessment's report: pdfkit,
 * standard Helvetica (WinAnsi covers Italian accents), tables as text at fixed columns and the
 * quarterly chart as vector rectangles.
 */
const BLUE = '#0066cc'
const LEFT = 50
const WIDTH = 495

type Doc = PDFKit.PDFDocument

function heading(doc: Doc, text: string) {
  if (doc.y > 700) doc.addPage()
  doc.moveDown(0.8).fillColor(BLUE).fontSize(13).font('Helvetica-Bold').text(text, LEFT).font('Helvetica').fillColor('black').moveDown(0.3)
}

/** A table: the first column left-aligned and wide, the others right-aligned numbers. */
function table(doc: Doc, header: string[], rows: string[][], firstWidth = 190) {
  const rest = (WIDTH - firstWidth) / Math.max(1, header.length - 1)
  const row = (cells: string[], bold: boolean) => {
    if (doc.y > 770) doc.addPage()
    const y = doc.y
    doc.fontSize(8.5).font(bold ? 'Helvetica-Bold' : 'Helvetica')
    let h = 0
    cells.forEach((c, i) => {
      const x = i === 0 ? LEFT : LEFT + firstWidth + (i - 1) * rest
      const w = i === 0 ? firstWidth - 4 : rest - 4
      doc.text(c, x, y, { width: w, align: i === 0 ? 'left' : 'right' })
      h = Math.max(h, doc.y - y)
    })
    doc.y = y + h + 2
    doc.x = LEFT
  }
  row(header, true)
  doc.moveTo(LEFT, doc.y).lineTo(LEFT + WIDTH, doc.y).lineWidth(0.5).strokeColor('#999').stroke()
  doc.y += 2
  for (const r of rows) row(r, false)
  doc.font('Helvetica')
}

/** Bars per quarter for one metric, with the value on top: a chart that prints well in black and white. */
function barChart(doc: Doc, title: string, labels: string[], values: number[], format: (v: number) => string) {
  if (doc.y > 620) doc.addPage()
  doc.fontSize(9).font('Helvetica-Bold').text(title, LEFT).font('Helvetica')
  const top = doc.y + 14, height = 110, base = top + height
  const max = Math.max(1, ...values)
  const slot = 300 / labels.length
  doc.moveTo(LEFT, base).lineTo(LEFT + 300, base).lineWidth(0.5).strokeColor('#666').stroke()
  values.forEach((v, i) => {
    const h = (v / max) * height
    const x = LEFT + i * slot + slot * 0.2
    if (h > 0) doc.rect(x, base - h, slot * 0.6, h).fill(BLUE)
    doc.fillColor('black').fontSize(8).text(format(v), x - 10, base - h - 11, { width: slot * 0.6 + 20, align: 'center' })
    doc.text(labels[i]!, x - 10, base + 3, { width: slot * 0.6 + 20, align: 'center' })
  })
  doc.x = LEFT
  doc.y = base + 18
}

export function renderYearReportPdf(r: YearReport): Promise<Buffer> {
  const title = `Relazione annuale ${r.year}`
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${title} - ${r.title}`, Author: 'Punto Impresa Digitale' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  doc.fillColor(BLUE).fontSize(20).text(`Punto Impresa Digitale - ${title}`)
  doc.fillColor('black').fontSize(14).text(r.scope === 'chamber' ? `Camera di commercio: ${r.title}` : r.title)
  doc.fontSize(10).fillColor('#444').text(`Anno ${r.year} · prodotta il ${fmtDay(r.producedAt)}`)
  if (r.scope === 'region') doc.text(`Camere: ${r.chambers.map((c) => c.name).join(', ') || 'nessuna'}`)
  doc.fillColor('black')

  heading(doc, 'Sintesi')
  const target = (m: string) => r.targets.find((t) => t.metric === m)
  table(doc, ['Indicatore', 'Valore', 'Obiettivo', 'Avanzamento'], [
    ...(['firms_reached', 'touches', 'events_held', 'event_attendances', 'assessments', 'mentoring_sessions', 'voucher_grants', 'voucher_granted_cents', 'voucher_paid_cents'] as const)
      .map((m) => { const t = target(m); return [METRIC_IT[m], fmtValue(m, r.totals[m]), t?.target != null ? fmtValue(m, t.target) : '-', t ? fmtPct(t.progress) : '-'] }),
    ['Maturità digitale media (0-100)', r.meanMaturity === null ? 'n.d.' : fmtPct(r.meanMaturity).replace('%', ''), '-', '-'],
  ])

  heading(doc, 'Andamento per trimestre')
  table(doc, ['Indicatore', ...r.quarters, 'Anno'], REPORT_METRICS.map((m) => [METRIC_IT[m], ...r.byQuarter.map((q) => fmtValue(m, q[m])), fmtValue(m, r.totals[m])]), 150)
  doc.moveDown(0.8)
  barChart(doc, 'Imprese raggiunte per trimestre', r.quarters, r.byQuarter.map((q) => q.firms_reached), fmtInt)
  barChart(doc, 'Euro erogati alle imprese per trimestre', r.quarters, r.byQuarter.map((q) => q.voucher_paid_cents), fmtEuro)

  heading(doc, 'Percorso delle imprese')
  doc.fontSize(8.5).fillColor('#444').text('Le imprese per fase del percorso alla data della relazione; il passaggio è la quota arrivata almeno a una fase tra quelle arrivate alla precedente.', LEFT).fillColor('black').moveDown(0.3)
  table(doc, ['Fase', 'Imprese nella fase', 'Arrivate almeno qui', 'Passaggio'], r.funnel.map((s) =>
    [`${s.stage} · ${STAGE_IT[s.stage]}`, fmtInt(s.firms), fmtInt(s.reached), s.conversion === null ? '-' : fmtPct(s.conversion)]))

  heading(doc, 'Obiettivi')
  table(doc, ['Obiettivo', 'Obiettivo fissato', 'Risultato', 'Avanzamento'], r.targets.map((t) =>
    [METRIC_IT[t.metric], t.target === null ? 'non fissato' : fmtValue(t.metric, t.target), fmtValue(t.metric, t.actual), fmtPct(t.progress)]))

  heading(doc, 'Esecuzione del budget')
  if (r.budget) {
    const b = r.budget
    table(doc, ['Voce', 'Importo'], [
      ['Piano approvato', fmtEuro(b.plannedCents)], ['Impegnato', fmtEuro(b.committedCents)], ['Speso', fmtEuro(b.spentCents)],
      ['Disponibile', fmtEuro(b.plannedCents - b.committedCents - b.spentCents)],
      ['Voucher alle imprese (piano)', fmtEuro(b.voucherCents)], ['Quota voucher sul piano', fmtPct(b.voucherSharePm / 10)],
    ], 300)
  } else doc.fontSize(9).text(`Nessun piano di budget per il ${r.year}.`, LEFT)

  if (r.scope === 'region') {
    heading(doc, 'Le camere a confronto')
    table(doc, ['Camera', 'Imprese raggiunte', 'Eventi', 'Autovalutazioni', 'Euro erogati', 'Piano', 'Speso'], r.chambers.map((c) => [
      c.name, fmtInt(c.totals.firms_reached), fmtInt(c.totals.events_held), fmtInt(c.totals.assessments), fmtEuro(c.totals.voucher_paid_cents),
      c.budget ? fmtEuro(c.budget.plannedCents) : '-', c.budget ? fmtEuro(c.budget.spentCents) : '-',
    ]), 110)
  }
  doc.end()
  return done
}
