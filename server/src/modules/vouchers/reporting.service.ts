import { sql } from 'kysely'
import {
  MAX_INVOICES_PER_REPORT, payableFor, REPORT_FILE_MAX_BYTES, reportingOpen, romeDay, type CheckInvoiceBody, type CompleteCheckBody,
  type Declarations, type GrantRule, type Invoice, type InvoiceXmlQuery, type ManualInvoiceBody, type ReportFileQuery, type VoucherReport,
} from '@pid/shared'
import type { Db, DbOrTx, Tx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound, type FieldProblem, type ProblemParams } from '../../core/errors.ts'
import { sniffMediaType, type Storage } from '../../core/storage.ts'
import type { CrmService } from '../crm/index.ts'
import type { AssessmentService } from '../assessment/index.ts'
import { dbNow, loadCall, type CallState } from './call-state.ts'
import { protocolOf } from './application-rows.ts'
import { InvoiceFormatError, parseFatturaPA } from './fatturapa.ts'
import { reportView, type ReportRow } from './report-view.ts'
import { Service } from '../../core/service.ts'

const closed = (why: string, params: ProblemParams) => new HttpError(409, 'voucher_reporting_closed', why, undefined, { params })
const XML_TYPES = ['application/xml', 'text/xml']

/**
 * Reporting (rendicontazione) of a grant: the firm (or its partner) adds its invoices (FatturaPA XML
 * read automatically; PDF invoices keyed in by hand, their file attached), a proof of traceable
 * payment for each, and submits before the reporting deadline (the last day, Rome). Staff set each
 * invoice's eligible amount; completing the check applies the call's rule to the eligible actual
 * costs (payableFor, the same computeGrant as the request), never above the grant.
 */
export class ReportingService extends Service<{ db: Db; crm: CrmService; assessment: AssessmentService; storage: Storage }> {
  /** Who answers for the parts of a report vouchers do not own. */
  private get owners() {
    return { assessment: this.deps.assessment, storage: this.deps.storage }
  }

  view(applicationId: number): Promise<VoucherReport> {
    return reportView(this.deps.db, this.owners, applicationId)
  }

  /** Locks the call, the application and its report; the report must be open to the firm (status open, before the deadline). */
  private async editable(tx: Tx, applicationId: number): Promise<{ call: CallState; app: ReportRow }> {
    const head = await tx.selectFrom('voucher_application').select('call_id').where('id', '=', applicationId).executeTakeFirst()
    if (!head) throw notFound('application')
    const call = await loadCall(tx, head.call_id, { lock: true })
    const app = await lockedReport(tx, applicationId)
    if (app.status !== 'granted') throw conflict(`only a grant is reported (this application is ${app.status})`, 'voucher_not_granted', { status: app.status })
    if (app.report_status !== 'open') throw closed(`the report is ${app.report_status}: it can no longer change`, { reportStatus: app.report_status })
    if (!reportingOpen(call.reportingDeadline, await dbNow(tx))) throw closed(`reporting closed on ${call.reportingDeadline}`, { deadlineDate: String(call.reportingDeadline) })
    return { call, app }
  }

  async addManual(applicationId: number, body: ManualInvoiceBody, ctx: AuditContext): Promise<Invoice> {
    return this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await this.editable(tx, applicationId)
      const id = await this.insertInvoice(tx, call, app, { ...body, supplierVat: body.supplierVat ?? null, source: 'manual' }, ctx)
      return this.invoice(tx, applicationId, id)
    })
  }

  async addXml(applicationId: number, q: InvoiceXmlQuery, contentType: string | undefined, body: unknown, ctx: AuditContext): Promise<Invoice> {
    const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    if (!Buffer.isBuffer(body) || !XML_TYPES.includes(declared)) throw new HttpError(415, 'unsupported_media_type', 'send the FatturaPA XML as the body, with content-type application/xml')
    if (body.length > REPORT_FILE_MAX_BYTES) throw new HttpError(413, 'payload_too_large', `at most ${REPORT_FILE_MAX_BYTES} bytes`)
    let parsed
    try {
      parsed = parseFatturaPA(body)
    } catch (err) {
      if (err instanceof InvoiceFormatError) throw new HttpError(422, 'voucher_invoice_unreadable', `not a FatturaPA invoice we can read: ${err.message}`, [{ path: err.path, message: err.message }])
      throw err
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await this.editable(tx, applicationId)
      // The firm's codice fiscale as the register has it (for companies, its partita IVA too).
      const profile = await this.deps.crm.firmProfile(tx, app.firm_id)
      const own = profile ? [profile.taxCode.toUpperCase()] : []
      if (!parsed.buyerCodes.some((c) => own.includes(c))) {
        throw new HttpError(422, 'voucher_invoice_wrong_buyer', `the invoice is addressed to ${parsed.buyerCodes.join(' / ') || 'nobody'}, not to the firm (${own.join(' / ')})`,
          [{ path: '/FatturaElettronicaHeader/CessionarioCommittente', message: 'not the firm', code: 'not_the_firm' }],
          { params: { buyer: parsed.buyerCodes.join(' / '), firm: own.join(' / ') } })
      }
      const id = await this.insertInvoice(tx, call, app, { category: q.category, supplierName: parsed.supplierName, supplierVat: parsed.supplierVat,
        number: parsed.number, issueDate: parsed.issueDate, taxableCents: parsed.taxableCents, totalCents: parsed.totalCents, source: 'fatturapa' }, ctx)
      await this.storeFile(tx, app, id, 'invoice', q.fileName, 'application/xml', body, ctx)
      return this.invoice(tx, applicationId, id)
    })
  }

  private async insertInvoice(tx: Tx, call: CallState, app: ReportRow, inv: Omit<ManualInvoiceBody, 'supplierVat'> & { supplierVat: string | null; source: 'manual' | 'fatturapa' },
    ctx: AuditContext): Promise<number> {
    const problems: FieldProblem[] = []
    if (!call.grantRule.categories.some((c) => c.code === inv.category)) {
      problems.push({ path: '/category', message: `one of the call's categories: ${call.grantRule.categories.map((c) => c.code).join(', ')}`, code: 'not_a_category' })
    }
    if (inv.totalCents < inv.taxableCents) problems.push({ path: '/totalCents', message: 'the total cannot be below the taxable amount', code: 'total_below_taxable' })
    const applied = romeDay(app.submitted_at!)
    if (inv.issueDate < applied) problems.push({ path: '/issueDate', message: `expenses count from the day of the application (${applied})`, code: 'before_application', params: { appliedDate: applied } })
    if (inv.issueDate > romeDay(await dbNow(tx))) problems.push({ path: '/issueDate', message: 'in the future', code: 'not_in_future' })
    if (problems.length) throw badRequest('the invoice cannot be reported', problems)
    const { n } = await tx.selectFrom('voucher_invoice').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', app.id).executeTakeFirstOrThrow()
    if (Number(n) >= MAX_INVOICES_PER_REPORT) throw conflict(`at most ${MAX_INVOICES_PER_REPORT} invoices per report`, 'voucher_report_invoices_limit', { max: MAX_INVOICES_PER_REPORT })
    const row = await tx.insertInto('voucher_invoice').values({
      application_id: app.id, source: inv.source, category: inv.category, supplier_name: inv.supplierName, supplier_vat: inv.supplierVat, number: inv.number,
      issue_date: inv.issueDate, taxable_cents: inv.taxableCents, total_cents: inv.totalCents,
    }).returning('id').executeTakeFirstOrThrow().catch((err) => {
      if ((err as { code?: string }).code === '23505') throw conflict(`invoice ${inv.number} of ${inv.issueDate} from ${inv.supplierVat ?? inv.supplierName} is already reported`, 'voucher_invoice_duplicate',
        { number: inv.number, issueDate: inv.issueDate, supplier: inv.supplierVat ?? inv.supplierName })
      throw err
    })
    await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.report.invoice_added', entity: 'voucher_application', entityId: app.id,
      after: { invoiceId: row.id, ...inv } })
    return row.id
  }

  async attach(applicationId: number, invoiceId: number, q: ReportFileQuery, contentType: string | undefined, body: unknown, ctx: AuditContext): Promise<Invoice> {
    const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    if (!Buffer.isBuffer(body)) throw new HttpError(415, 'unsupported_media_type', 'send the file as the body, with its content-type (application/pdf, image/jpeg, image/png)')
    if (body.length === 0) throw badRequest('the file is empty', undefined, 'file_empty')
    if (body.length > REPORT_FILE_MAX_BYTES) throw new HttpError(413, 'payload_too_large', `at most ${REPORT_FILE_MAX_BYTES} bytes`)
    if (!['application/pdf', 'image/jpeg', 'image/png'].includes(declared) || sniffMediaType(body) !== declared) {
      throw new HttpError(415, 'unsupported_media_type', `send a PDF, JPEG or PNG whose content is what its content-type says (FatturaPA XML goes to .../invoices/xml)`)
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const { app } = await this.editable(tx, applicationId)
      const inv = await tx.selectFrom('voucher_invoice').select('id').where('id', '=', invoiceId).where('application_id', '=', app.id).executeTakeFirst()
      if (!inv) throw notFound('invoice')
      await this.storeFile(tx, app, invoiceId, q.kind, q.fileName, declared, body, ctx)
      return this.invoice(tx, applicationId, invoiceId)
    })
  }

  private async storeFile(tx: Tx, app: ReportRow, invoiceId: number, kind: 'invoice' | 'payment_proof', fileName: string, mediaType: string, content: Buffer,
    ctx: AuditContext): Promise<void> {
    const file = await this.deps.storage.put(tx, { content, mediaType, fileName })
    const row = await tx.insertInto('voucher_report_file').values({ application_id: app.id, invoice_id: invoiceId, kind, file_id: file.id,
      uploaded_by: ctx.actorId }).returning('id').executeTakeFirstOrThrow()
    await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.report.file_added', entity: 'voucher_application', entityId: app.id,
      after: { invoiceId, fileId: row.id, kind, fileName, sizeBytes: content.length, sha256: file.sha256 } })
  }

  async removeInvoice(applicationId: number, invoiceId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { app } = await this.editable(tx, applicationId)
      const files = await tx.deleteFrom('voucher_report_file').where('invoice_id', '=', invoiceId).where('application_id', '=', app.id).returning('file_id').execute()
      const gone = await tx.deleteFrom('voucher_invoice').where('id', '=', invoiceId).where('application_id', '=', app.id).returning(['number', 'issue_date']).executeTakeFirst()
      if (!gone) throw notFound('invoice')
      for (const f of files) await this.deps.storage.remove(tx, f.file_id)
      await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.report.invoice_removed', entity: 'voucher_application', entityId: app.id,
        before: { invoiceId, number: gone.number, issueDate: gone.issue_date } })
    })
  }

  async download(applicationId: number, fileId: number): Promise<{ content: Buffer; mediaType: string; fileName: string }> {
    const f = await this.deps.db.selectFrom('voucher_report_file').select('file_id').where('id', '=', fileId)
      .where('application_id', '=', applicationId).executeTakeFirst()
    if (!f) throw notFound('file')
    return this.deps.storage.get(this.deps.db, f.file_id)
  }

  /** The firm submits the report: every invoice with its file and a proof of payment, and the assessment when the call wants one. */
  async submit(applicationId: number, ctx: AuditContext): Promise<VoucherReport> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { call, app } = await this.editable(tx, applicationId)
      const report = await reportView(tx, this.owners, applicationId)
      if (report.missing.length) throw new HttpError(422, 'voucher_incomplete', 'the report is incomplete', report.missing)
      const last = call.reportingAssessment ? (await this.deps.assessment.latestCompleted(tx, [app.firm_id])).get(app.firm_id) ?? null : null
      await tx.updateTable('voucher_report').set({ status: 'submitted', submitted_at: sql`now()`, submitted_by: ctx.actorId, assessment_id: last?.id ?? null,
        assessment_at: last?.submittedAt ?? null, updated_at: sql`now()` }).where('application_id', '=', app.id).execute()
      const costs = report.invoices.reduce((s, i) => s + i.taxableCents, 0)
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_reported', sourceModule: 'vouchers',
        summary: `Rendicontazione del voucher ${protocolOf(call.code, app.protocol_number)} presentata: ${report.invoices.length} fatture`,
        details: { callId: call.id, applicationId: app.id, step: 'submitted', invoices: report.invoices.length, taxableCents: costs } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.report.submitted', entity: 'voucher_application', entityId: app.id,
        after: { invoices: report.invoices.length, taxableCents: costs, assessmentId: last?.id ?? null } })
    })
    return this.view(applicationId)
  }

  /** Staff set what of an invoice is eligible (at most its taxable amount: VAT is not a cost of the project). */
  async checkInvoice(applicationId: number, invoiceId: number, body: CheckInvoiceBody, ctx: AuditContext): Promise<Invoice> {
    return this.deps.db.transaction().execute(async (tx) => {
      const app = await lockedReport(tx, applicationId)
      if (app.report_status !== 'submitted') throw app.report_status === 'open' ? conflict('the report is not submitted yet', 'voucher_report_not_submitted') : conflict('the report is already checked', 'voucher_report_checked')
      const inv = await tx.selectFrom('voucher_invoice').select(['id', 'taxable_cents', 'eligible_cents']).where('id', '=', invoiceId)
        .where('application_id', '=', app.id).forUpdate().executeTakeFirst()
      if (!inv) throw notFound('invoice')
      if (body.eligibleCents > inv.taxable_cents) throw badRequest(`at most the taxable amount, ${inv.taxable_cents} cents`, [{ path: '/eligibleCents', message: `at most ${inv.taxable_cents}`, code: 'at_most_cents', params: { limitCents: inv.taxable_cents } }])
      await tx.updateTable('voucher_invoice').set({ eligible_cents: body.eligibleCents, check_note: body.note ?? null, checked_by: ctx.actorId, checked_at: sql`now()` })
        .where('id', '=', inv.id).execute()
      await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.report.invoice_checked', entity: 'voucher_application', entityId: app.id,
        before: { invoiceId, eligibleCents: inv.eligible_cents }, after: { invoiceId, eligibleCents: body.eligibleCents, note: body.note ?? null } })
      return this.invoice(tx, applicationId, invoiceId)
    })
  }

  /** Completes the check: payable = the call's rule on the eligible actual costs, never above the grant. */
  async completeCheck(applicationId: number, body: CompleteCheckBody, ctx: AuditContext): Promise<VoucherReport> {
    await this.deps.db.transaction().execute(async (tx) => {
      const app = await lockedReport(tx, applicationId)
      if (app.report_status !== 'submitted') throw app.report_status === 'open' ? conflict('the report is not submitted yet', 'voucher_report_not_submitted') : conflict('the report is already checked', 'voucher_report_checked')
      const invoices = await tx.selectFrom('voucher_invoice').select(['id', 'category', 'eligible_cents']).where('application_id', '=', app.id).execute()
      const unchecked = invoices.filter((i) => i.eligible_cents === null)
      if (unchecked.length) throw badRequest('check every invoice first', unchecked.map((i) => ({ path: `/invoices/${i.id}`, message: 'eligible amount not set', code: 'eligible_not_set' })), 'voucher_report_unchecked', { count: unchecked.length })
      const call = await loadCall(tx, app.call_id)
      const { figures, payableCents } = payableFor(call.grantRule as GrantRule, invoices.map((i) => ({ category: i.category, eligibleCents: i.eligible_cents! })),
        app.declarations as Declarations, app.granted_cents ?? 0)
      await tx.updateTable('voucher_report').set({ status: 'checked', checked_at: sql`now()`, checked_by: ctx.actorId, check_note: body.note ?? null,
        figures: JSON.stringify(figures), payable_cents: payableCents, updated_at: sql`now()` }).where('application_id', '=', app.id).execute()
      await this.deps.crm.recordEvent(tx, ctx, { firmId: app.firm_id, type: 'voucher_reported', sourceModule: 'vouchers',
        summary: `Rendicontazione del voucher ${protocolOf(call.code, app.protocol_number)} verificata: liquidabili ${payableCents / 100} euro`,
        details: { callId: call.id, applicationId: app.id, step: 'checked', eligibleCents: figures.eligibleCents, payableCents } })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.report.checked', entity: 'voucher_application', entityId: app.id,
        after: { eligibleCents: figures.eligibleCents, payableCents, grantedCents: app.granted_cents, problems: figures.problems } })
    })
    return this.view(applicationId)
  }

  private async invoice(db: DbOrTx, applicationId: number, invoiceId: number): Promise<Invoice> {
    const report = await reportView(db, this.owners, applicationId)
    const inv = report.invoices.find((i) => i.id === invoiceId)
    if (!inv) throw notFound('invoice')
    return inv
  }
}

/** The application with its report row, both locked (the report row is created with the grant). */
async function lockedReport(tx: Tx, applicationId: number): Promise<ReportRow> {
  const row = await tx.selectFrom('voucher_application as a').innerJoin('voucher_report as r', 'r.application_id', 'a.id')
    .select(['a.id', 'a.call_id', 'a.chamber_id', 'a.firm_id', 'a.status', 'a.protocol_number', 'a.submitted_at', 'a.declarations', 'a.granted_cents',
      'a.decided_at', 'r.status as report_status'])
    .where('a.id', '=', applicationId).forUpdate().executeTakeFirst()
  if (!row) throw notFound('report (the application is not granted)')
  return row
}
