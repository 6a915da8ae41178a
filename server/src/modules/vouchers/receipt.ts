import PDFDocument from 'pdfkit'
import { centsToDecimal, type VoucherApplication } from '@pid/shared'

/**
 * The receipt of a submission (ricevuta di protocollo), rendered from what was stored at
 * submission, so it reads the same every time it is downloaded: protocol, the server's instant in
 * Rome time to the millisecond, the firm, what it asked for and how the call placed it, its
 * documents with their SHA-256 and the digest of the submitted content. pdfkit, as for the
 * assessment report.
 */
const ROME = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  fractionalSecondDigits: 3, hour12: false,
})
const OUTCOME: Record<string, string> = {
  funded: 'Finanziabile nei limiti della dotazione, salvo verifica di ammissibilità',
  reserve: "In lista d'attesa per esaurimento fondi, nell'ordine di protocollo",
  submitted: 'Presentata: sarà valutata dopo la chiusura del bando',
}
const eur = (cents: number) => `${centsToDecimal(cents).replace('.', ',')} EUR`
const BLUE = '#0066cc'

export function renderReceipt(a: VoucherApplication, extra: { chamberName: string; contentSha256: string | null }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Ricevuta ${a.protocol}`, Author: extra.chamberName } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const line = (label: string, value: string) => {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value)
  }
  doc.fillColor(BLUE).fontSize(18).text('Ricevuta di presentazione della domanda')
  doc.fillColor('black').fontSize(11).text(`${extra.chamberName} - Punto Impresa Digitale`)
  doc.moveDown()
  doc.fontSize(12)
  line('Bando', `${a.call.code} - ${a.call.title.it}`)
  line('Protocollo', a.protocol ?? '-')
  line('Data e ora di registrazione', a.submittedAt ? `${ROME.format(new Date(a.submittedAt))} (ora di Roma)` : '-')
  line('Impresa', `${a.firm.name} - codice fiscale ${a.firm.taxCode}`)
  if (a.filedBy.kind === 'partner' && a.filedBy.partner) line('Presentata per conto dell\'impresa da', a.filedBy.partner.name)
  doc.moveDown()
  line('Spese ammissibili', eur(a.grant.eligibleCents))
  line('Contributo richiesto', eur(a.requestedCents ?? a.grant.grantCents))
  // The result's `reason` is English for API consumers: the receipt says the same figures in Italian.
  const dm = a.deMinimis
  if (dm && dm.outcome === 'reduced') {
    line('De minimis', `contributo ridotto da ${eur(dm.requestedCents)} a ${eur(dm.roomCents)}: massimale di ${eur(dm.ceilingCents)} `
      + `(${eur(dm.declaredCents)} dichiarati, ${eur(dm.platformCents)} tramite la piattaforma)`)
  }
  line('Esito alla presentazione', OUTCOME[a.status] ?? a.status)
  if (a.status === 'funded' && a.requestedCents !== null && a.heldCents < a.requestedCents) {
    line('Importo disponibile', `${eur(a.heldCents)} (residuo della dotazione)`)
  }
  doc.moveDown()
  doc.fillColor(BLUE).fontSize(13).text('Spese previste')
  doc.fillColor('black').fontSize(10)
  for (const e of a.expenses) doc.text(`${e.category} - ${e.supplierName}: ${e.description} - ${eur(e.amountCents)}`)
  doc.moveDown()
  doc.fillColor(BLUE).fontSize(13).text('Documenti allegati')
  doc.fillColor('black').fontSize(9)
  if (a.documents.length === 0) doc.text('nessuno')
  for (const d of a.documents) doc.text(`${d.type}: ${d.fileName} (${d.sizeBytes} byte) SHA-256 ${d.sha256}`)
  doc.moveDown()
  doc.fontSize(8).fillColor('#444').text(`Impronta SHA-256 del contenuto presentato: ${extra.contentSha256 ?? '-'}`)
  doc.text("L'ordine di protocollo è l'ordine cronologico di registrazione sul server; la ricevuta non costituisce concessione del contributo.")
  doc.end()
  return done
}
