import PDFDocument from 'pdfkit'
import type { AssessmentReport, Locale } from '@pid/shared'

/**
 * The report as a PDF the firm downloads. pdfkit: pure JavaScript (no headless browser to run or
 * ship), maintained for over a decade, runs on Node 20, and draws vector graphics, so the radar
 * chart is drawn here as paths. Standard Helvetica covers Italian accents (WinAnsi).
 */
const L = {
  it: { title: 'Rapporto di maturità digitale', overall: 'Punteggio complessivo', level: 'Livello', dims: 'Punteggi per area',
    validated: 'validato', strengths: 'Punti di forza', gaps: 'Aree da migliorare', recs: 'Cosa può fare il PID per voi',
    bench: 'Confronto con imprese simili', region: 'Nella regione', national: 'In Italia', firms: 'imprese', median: 'mediana',
    percentile: 'percentile', small: 'gruppo troppo piccolo per un confronto anonimo', review: 'Revisione con l\'esperto PID',
    none: 'nessuna', submitted: 'Compilato il', round: 'Rilevazione', notes: 'Note' },
  en: { title: 'Digital maturity report', overall: 'Overall score', level: 'Level', dims: 'Scores by area',
    validated: 'validated', strengths: 'Strengths', gaps: 'Areas to improve', recs: 'What the PID can do for you',
    bench: 'Compared with similar firms', region: 'In the region', national: 'In Italy', firms: 'firms', median: 'median',
    percentile: 'percentile', small: 'group too small for an anonymous comparison', review: 'Review with the PID expert',
    none: 'none', submitted: 'Submitted on', round: 'Round', notes: 'Notes' },
}
const BLUE = '#0066cc'

export function renderReportPdf(r: AssessmentReport, lang: Locale): Promise<Buffer> {
  const t = L[lang]
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t.title} - ${r.firm.name}`, Author: 'Punto Impresa Digitale' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const title = (k: string) => r.dimensions.find((d) => d.key === k)?.title[lang] ?? k
  const level = r.levels.find((l) => l.level === r.level)

  doc.fillColor(BLUE).fontSize(20).text(t.title)
  doc.fillColor('black').fontSize(14).text(r.firm.name)
  doc.fontSize(10).fillColor('#444').text(`${t.submitted} ${new Date(r.submittedAt).toLocaleDateString(lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome' })}` +
    ` · ${t.round} T${r.round} · ${r.questionnaire.title[lang]} v${r.questionnaire.version}`)
  doc.moveDown()
  doc.fillColor('black').fontSize(16).text(`${t.overall}: ${r.overall}/100 · ${t.level} ${r.level}: ${level?.label[lang] ?? ''}`)
  if (level) doc.fontSize(10).fillColor('#444').text(level.description[lang])
  doc.moveDown()

  // Radar chart: one axis per dimension, 0-100, self-score filled, validated score outlined.
  const cx = 300, cy = doc.y + 130, radius = 100, n = r.dimensions.length
  const point = (i: number, v: number) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n
    return [cx + (radius * v / 100) * Math.cos(a), cy + (radius * v / 100) * Math.sin(a)] as const
  }
  doc.lineWidth(0.5).strokeColor('#bbb')
  for (const ring of [20, 40, 60, 80, 100]) {
    r.dimensions.forEach((_, i) => { const [x, y] = point(i, ring); if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y) })
    doc.closePath().stroke()
  }
  r.dimensions.forEach((d, i) => {
    const [x, y] = point(i, 100)
    doc.moveTo(cx, cy).lineTo(x, y).stroke()
    const [lx, ly] = point(i, 125)
    doc.fillColor('black').fontSize(8).text(d.title[lang], lx - 50, ly - 5, { width: 100, align: 'center' })
  })
  r.dimensions.forEach((d, i) => { const [x, y] = point(i, d.score); if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y) })
  doc.closePath().fillOpacity(0.3).fillAndStroke(BLUE, BLUE).fillOpacity(1)
  if (r.dimensions.some((d) => d.validated)) {
    r.dimensions.forEach((d, i) => { const [x, y] = point(i, d.validated?.score ?? d.score); if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y) })
    doc.closePath().lineWidth(1.5).strokeColor('#d9364f').stroke()
  }
  doc.x = 50
  doc.y = cy + radius + 40

  doc.fillColor(BLUE).fontSize(13).text(t.dims)
  doc.fillColor('black').fontSize(10)
  for (const d of r.dimensions) doc.text(`${d.title[lang]}: ${d.score}/100${d.validated ? ` (${t.validated}: ${d.validated.score})` : ''}`)
  doc.moveDown(0.5)
  doc.text(`${t.strengths}: ${r.strengths.map(title).join(', ') || t.none}`)
  doc.text(`${t.gaps}: ${r.gaps.map(title).join(', ') || t.none}`)
  doc.moveDown()

  doc.fillColor(BLUE).fontSize(13).text(t.bench)
  doc.fillColor('black').fontSize(10)
  for (const g of r.benchmark.groups) {
    const where = g.scope === 'region' ? t.region : t.national
    doc.text(g.available ? `${where}: ${g.firms} ${t.firms}, ${t.median} ${g.median}, ${t.percentile} ${g.percentile}` : `${where}: ${t.small}`)
  }
  doc.moveDown()

  doc.fillColor(BLUE).fontSize(13).text(t.recs)
  doc.fillColor('black').fontSize(10)
  for (const rec of r.recommendations) {
    doc.font('Helvetica-Bold').text(`${rec.title[lang]} (${title(rec.dimension)})`)
    doc.font('Helvetica').text(rec.description[lang])
    doc.moveDown(0.3)
  }
  if (r.review) {
    doc.moveDown()
    doc.fillColor(BLUE).fontSize(13).text(t.review)
    doc.fillColor('black').fontSize(10).text(`${t.overall}: ${r.review.overall}/100 · ${t.level} ${r.review.level}`)
    for (const [k, v] of Object.entries(r.review.dimensions)) if (v.note) doc.text(`${title(k)}: ${v.note}`)
    if (r.review.notes) doc.text(`${t.notes}: ${r.review.notes}`)
  }
  doc.end()
  return done
}
