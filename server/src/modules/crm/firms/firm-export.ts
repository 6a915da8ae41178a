import { PassThrough, type Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { safeCsv, safeRow } from '../../../core/spreadsheet.ts'
import type { FirmFilter } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { withoutPersonalData, type FirmAccess } from '../access.ts'
import { countFirms, listFirms, type FirmListRow } from './firm-list.ts'

/** Italian headers, as staff read them in a spreadsheet; the order of the file's columns. */
const COLUMNS: { header: string; width: number; value: (r: FirmListRow) => string | number | null }[] = [
  { header: 'Ragione sociale', width: 40, value: (r) => r.name },
  { header: 'Codice fiscale', width: 18, value: (r) => r.tax_code },
  { header: 'Partita IVA', width: 14, value: (r) => r.vat_number },
  { header: 'REA', width: 12, value: (r) => (r.rea_number !== null ? `${r.rea_province}-${r.rea_number}` : null) },
  { header: 'Forma giuridica', width: 16, value: (r) => r.legal_form },
  { header: 'Codice ATECO', width: 12, value: (r) => r.ateco_code },
  { header: 'Sezione ATECO', width: 8, value: (r) => r.ateco_section },
  { header: 'Addetti', width: 8, value: (r) => r.employees },
  { header: 'Classe dimensionale', width: 12, value: (r) => r.size_class },
  { header: 'Provincia', width: 8, value: (r) => r.province_code },
  { header: 'Comune', width: 24, value: (r) => r.municipality_name },
  { header: 'Indirizzo', width: 30, value: (r) => r.address },
  { header: 'CAP', width: 7, value: (r) => r.postal_code },
  { header: 'PEC', width: 28, value: (r) => r.pec },
  { header: 'Email', width: 28, value: (r) => r.email },
  { header: 'Telefono', width: 16, value: (r) => r.phone },
  { header: 'Sito web', width: 28, value: (r) => r.website },
  { header: 'Stato', width: 10, value: (r) => r.status },
  { header: 'Fase di consapevolezza', width: 10, value: (r) => r.stage },
  { header: 'Ultimo contatto', width: 18, value: (r) => (r.last_touch_at ? romeTime(r.last_touch_at) : null) },
  { header: 'Etichette', width: 20, value: (r) => r.tags.join(', ') },
  { header: 'Assegnata a', width: 20, value: (r) => r.assigned_name },
]
export const EXPORT_HEADERS = COLUMNS.map((c) => c.header)

const rome = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' })
const romeTime = (d: Date) => rome.format(d)

const BATCH = 1000

interface Sink { write(rows: FirmListRow[]): void; end(): Promise<void> }

function csvSink(out: PassThrough): Sink {
  // Semicolons and a BOM: what Excel expects from an Italian-locale CSV.
  out.write(safeCsv([EXPORT_HEADERS], { delimiter: ';', bom: true }))
  return {
    write: (rows) => { out.write(safeCsv(rows.map((r) => COLUMNS.map((c) => c.value(r))), { delimiter: ';' })) },
    end: async () => { out.end() },
  }
}

function xlsxSink(out: PassThrough): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet('Imprese')
  sheet.columns = COLUMNS.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }))
  return {
    write: (rows) => { for (const r of rows) sheet.addRow(safeRow(COLUMNS.map((c) => c.value(r)))).commit() },
    end: async () => { sheet.commit(); await workbook.commit() },
  }
}

/** Waits until the client has taken what was written; false if it went away. */
async function drained(out: PassThrough): Promise<boolean> {
  if (out.destroyed) return false
  if (!out.writableNeedDrain) return true
  await new Promise<void>((resolve) => { out.once('drain', resolve); out.once('close', resolve) })
  return !out.destroyed
}

/**
 * Streams every matching firm as CSV or XLSX. Exports carry personal data (a sole trader's codice
 * fiscale is the owner's), so the export is audited with its filter and row count before the first
 * row leaves, in one REPEATABLE READ transaction: the rows streamed are exactly the rows counted.
 * Resolves once the audit is written; the rows follow on the returned stream in batches, keyset-paged.
 */
export function startExport(db: Db, access: FirmAccess, filter: FirmFilter, format: 'csv' | 'xlsx', ctx: AuditContext): Promise<{ rows: number; body: Readable }> {
  return new Promise((resolve, reject) => {
    const out = new PassThrough()
    let started = false
    db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      const rows = await countFirms(tx, access, filter)
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.firms.exported', entity: 'firm', after: { format, filter, rows },
      })
      const sink = format === 'csv' ? csvSink(out) : xlsxSink(out)
      started = true
      resolve({ rows, body: out })
      let cursor: string | undefined
      do {
        // A client that hangs up ends the export; the audit entry still commits.
        if (!(await drained(out))) return
        const page = await listFirms(tx, access, { filter, cursor, limit: BATCH })
        sink.write(page.items.map((r) => withoutPersonalData(access, r)))
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      await sink.end()
    }).catch((err: unknown) => {
      if (started) out.destroy(err as Error)
      else reject(err)
    })
  })
}
