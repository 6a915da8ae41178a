import ExcelJS from 'exceljs'
import { safeRecord } from '../../core/spreadsheet.ts'
import PDFDocument from 'pdfkit'
import { centsToDecimal, type ApplicationStatus, type DecisionList, type DecisionListRow, type StatusReasonDetail } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { dbNow, loadCall } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { reasonInItalian, storedReason } from './status-reason.ts'

/**
 * The list for the chamber's decision act (elenco per la determinazione): admitted and funded
 * (granted, later paid or revoked: the act states what was granted), admitted not funded, not
 * admitted; with protocols, firms, codes, amounts, the RNA COR per grant and the call's CAR and CUP.
 * Ranking calls list by rank, the others by protocol. Read from the decisions as they stand.
 */
const FUNDED: ApplicationStatus[] = ['granted', 'paid', 'revoked']

export async function decisionList(db: DbOrTx, chamberId: number, callId: number): Promise<DecisionList> {
  const call = await loadCall(db, callId, { chamberId })
  const rows = await db.selectFrom('voucher_application').select(['id', 'protocol_number', 'firm_id', 'firm_name', 'firm_tax_code', 'status', 'rank_position',
    'score_milli', 'requested_cents', 'granted_cents', 'cor_code', 'status_reason', 'status_reason_detail'])
    .where('call_id', '=', callId).where('status', 'not in', ['draft', 'withdrawn'])
    .orderBy(call.allocation === 'ranking' ? 'rank_position' : 'protocol_number').orderBy('protocol_number').execute()
  const toRow = (r: (typeof rows)[number]): DecisionListRow => ({
    applicationId: r.id, protocol: protocolOf(call.code, r.protocol_number)!, protocolNumber: r.protocol_number!,
    firm: { id: r.firm_id, name: r.firm_name, taxCode: r.firm_tax_code }, status: r.status as ApplicationStatus, rank: r.rank_position,
    scoreMilli: r.score_milli, requestedCents: r.requested_cents ?? 0, grantedCents: r.granted_cents, corCode: r.cor_code,
    reason: r.status_reason, reasonDetail: r.status_reason_detail as StatusReasonDetail | null,
  })
  const funded = rows.filter((r) => (FUNDED as string[]).includes(r.status)).map(toRow)
  return {
    call: { id: call.id, code: call.code, title: call.title, allocation: call.allocation, envelopeCents: call.envelopeCents, carCode: call.rnaCarCode,
      cup: call.cup, chamber: { id: call.chamberId, name: call.chamberName } },
    generatedAt: (await dbNow(db)).toISOString(),
    funded,
    notFunded: rows.filter((r) => r.status === 'not_funded').map(toRow),
    notAdmitted: rows.filter((r) => r.status === 'not_admitted').map(toRow),
    undecided: rows.filter((r) => ['submitted', 'funded', 'reserve'].includes(r.status)).length,
    fundedCents: funded.reduce((s, r) => s + (r.grantedCents ?? 0), 0),
  }
}

/** The reason as the list's documents say it: in Italian, a person's words as written. */
const reasonOf = (r: DecisionListRow) => reasonInItalian(storedReason(r.reason, r.reasonDetail)) ?? ''
const eur = (cents: number | null) => (cents === null ? '' : centsToDecimal(cents).replace('.', ','))
const score = (milli: number | null) => (milli === null ? '' : (milli / 1000).toFixed(3).replace('.', ','))
const SECTIONS = [['funded', 'Ammesse e finanziate'], ['notFunded', 'Ammesse e non finanziate'], ['notAdmitted', 'Non ammesse']] as const

/** The same list as an A4 landscape PDF (pdfkit, like the receipts). */
export function decisionListPdf(l: DecisionList): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: `Elenco ${l.call.code}`, Author: l.call.chamber.name } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fillColor('#0066cc').fontSize(16).text(`${l.call.chamber.name} - bando ${l.call.code}`)
  doc.fillColor('black').fontSize(11).text(l.call.title.it)
  doc.fontSize(9).text(`Dotazione ${eur(l.call.envelopeCents)} EUR - CAR ${l.call.carCode ?? '-'} - CUP ${l.call.cup ?? '-'} - concesso ${eur(l.fundedCents)} EUR`
    + ` - elenco del ${l.generatedAt.slice(0, 10)}${l.undecided ? ` - ${l.undecided} domande ancora in istruttoria` : ''}`)
  const cols = [[0, 'Pos.'], [32, 'Protocollo'], [150, 'Impresa'], [380, 'Codice fiscale'], [480, 'Punti'], [525, 'Richiesto'], [590, 'Concesso'], [655, 'COR / motivo']] as const
  for (const [key, title] of SECTIONS) {
    const list = l[key]
    doc.moveDown().fillColor('#0066cc').fontSize(12).text(`${title} (${list.length})`, 36)
    doc.fillColor('black').fontSize(8)
    const header = doc.y
    cols.forEach(([x, h]) => doc.font('Helvetica-Bold').text(h, 36 + x, header, { lineBreak: false }))
    doc.font('Helvetica').moveDown(0.6)
    list.forEach((r, i) => {
      if (doc.y > doc.page.height - 60) doc.addPage()
      const y = doc.y
      const cells = [String(r.rank ?? i + 1), r.protocol, r.firm.name.slice(0, 48), r.firm.taxCode, score(r.scoreMilli), eur(r.requestedCents), eur(r.grantedCents),
        (r.corCode ? `COR ${r.corCode}` : '') + (reasonOf(r) ? `${r.corCode ? ' - ' : ''}${reasonOf(r)}` : '')]
      cells.forEach((c, j) => doc.text(c, 36 + cols[j]![0], y, { lineBreak: false, width: j === 7 ? 130 : undefined, ellipsis: true }))
      doc.moveDown(0.4)
    })
  }
  doc.end()
  return done
}

/** The same list as a workbook: one sheet per section, amounts in euro as numbers. */
export async function decisionListXlsx(l: DecisionList): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = l.call.chamber.name
  for (const [key, title] of SECTIONS) {
    const ws = wb.addWorksheet(title)
    ws.columns = [
      { header: 'Posizione', key: 'rank', width: 10 }, { header: 'Protocollo', key: 'protocol', width: 22 }, { header: 'Impresa', key: 'firm', width: 40 },
      { header: 'Codice fiscale', key: 'taxCode', width: 18 }, { header: 'Punteggio', key: 'score', width: 10 },
      { header: 'Contributo richiesto (EUR)', key: 'requested', width: 16 }, { header: 'Contributo concesso (EUR)', key: 'granted', width: 16 },
      { header: 'COR', key: 'cor', width: 12 }, { header: 'CAR', key: 'car', width: 10 }, { header: 'CUP', key: 'cup', width: 18 },
      { header: 'Stato', key: 'status', width: 12 }, { header: 'Motivo', key: 'reason', width: 50 },
    ]
    l[key].forEach((r, i) => ws.addRow(safeRecord({
      rank: r.rank ?? i + 1, protocol: r.protocol, firm: r.firm.name, taxCode: r.firm.taxCode, score: r.scoreMilli === null ? null : r.scoreMilli / 1000,
      requested: r.requestedCents / 100, granted: r.grantedCents === null ? null : r.grantedCents / 100, cor: r.corCode, car: l.call.carCode, cup: l.call.cup,
      status: r.status, reason: reasonOf(r),
    })))
    ws.getRow(1).font = { bold: true }
    for (const c of ['requested', 'granted']) ws.getColumn(c).numFmt = '#,##0.00'
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
