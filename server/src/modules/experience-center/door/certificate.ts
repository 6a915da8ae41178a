import PDFDocument from 'pdfkit'

/**
 * The attendance certificate (attestato di partecipazione): who, which firm, which event, when and
 * where, and the check-in's time, rendered with pdfkit as the vouchers' receipt is.
 */
const ROME_DAY = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long', year: 'numeric' })
const ROME_TIME = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hour12: false })
const BLUE = '#0066cc'
const KIND_IT: Record<string, string> = {
  seminar: 'Seminario', workshop: 'Workshop', living_lab: 'Living lab', guided_visit: 'Visita guidata', webinar: 'Webinar',
  matchmaking_day: 'Giornata di incontri',
}

export interface CertificateFacts {
  chamberName: string
  personName: string
  firmName: string
  firmTaxCode: string
  event: { id: number; kind: string; title: string; startsAt: Date; endsAt: Date; venue: string | null; address: string | null }
  checkedInAt: Date
  registrationId: number
}

export function renderCertificate(f: CertificateFacts): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: `Attestato di partecipazione - ${f.event.title}`, Author: f.chamberName } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fillColor(BLUE).fontSize(12).text(`${f.chamberName} - Punto Impresa Digitale`, { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(24).text('Attestato di partecipazione', { align: 'center' })
  doc.moveDown(2)
  doc.fillColor('black').fontSize(13).text('Si attesta che', { align: 'center' })
  doc.moveDown(0.5)
  doc.font('Helvetica-Bold').fontSize(18).text(f.personName || '-', { align: 'center' })
  doc.font('Helvetica').fontSize(12).text(`${f.firmName} (codice fiscale ${f.firmTaxCode})`, { align: 'center' })
  doc.moveDown()
  doc.fontSize(13).text(`ha partecipato a: ${KIND_IT[f.event.kind] ?? 'Evento'}`, { align: 'center' })
  doc.font('Helvetica-Bold').fontSize(16).text(`«${f.event.title}»`, { align: 'center' })
  doc.font('Helvetica').fontSize(12)
  doc.moveDown(0.5)
  doc.text(`${ROME_DAY.format(f.event.startsAt)}, dalle ${ROME_TIME.format(f.event.startsAt)} alle ${ROME_TIME.format(f.event.endsAt)}`, { align: 'center' })
  const where = [f.event.venue, f.event.address].filter(Boolean).join(', ')
  if (where) doc.text(where, { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(9).fillColor('#444')
    .text(`Ingresso registrato alle ${ROME_TIME.format(f.checkedInAt)} del ${ROME_DAY.format(f.checkedInAt)} (ora di Roma). `
      + `Attestato n. ${f.event.id}-${f.registrationId}.`, { align: 'center' })
  doc.end()
  return done
}
