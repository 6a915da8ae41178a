import { reportingOpen, type GrantResult, type Invoice, type ReportFile, type VoucherReport } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import type { Storage } from '../../core/storage.ts'
import type { AssessmentService } from '../assessment/index.ts'
import { dbNow } from './call-state.ts'

/** An application with its report's status, as the reporting steps lock and read it. */
export interface ReportRow {
  id: number; call_id: number; chamber_id: number; firm_id: number; status: string; protocol_number: number | null; submitted_at: Date | null
  declarations: unknown; granted_cents: number | null; decided_at: Date | null; report_status: 'open' | 'submitted' | 'checked'
}

/** The report as the firm, its partner and staff see it: invoices with their files, what is missing, the figures once checked. */
export async function reportView(db: DbOrTx, owners: { assessment: AssessmentService; storage: Pick<Storage, 'infos'> }, applicationId: number): Promise<VoucherReport> {
  const r = await db.selectFrom('voucher_application as a').innerJoin('voucher_report as r', 'r.application_id', 'a.id')
    .innerJoin('voucher_call as v', 'v.id', 'a.call_id').leftJoin('voucher_payment as p', 'p.application_id', 'a.id')
    .select(['a.id', 'a.firm_id', 'a.status', 'a.granted_cents', 'a.decided_at', 'v.reporting_deadline', 'v.reporting_assessment', 'r.status as report_status',
      'r.submitted_at', 'r.checked_at', 'r.check_note', 'r.figures', 'r.payable_cents', 'r.assessment_at', 'p.amount_cents', 'p.paid_on', 'p.order_ref',
      'p.created_at as paid_at'])
    .where('a.id', '=', applicationId).executeTakeFirst()
  if (!r) throw notFound('report (the application is not granted)')
  const [invoices, files, now, latest] = await Promise.all([
    db.selectFrom('voucher_invoice as i').leftJoin('app_user as u', 'u.id', 'i.checked_by').selectAll('i').select('u.name as checker')
      .where('i.application_id', '=', applicationId).orderBy('i.id').execute(),
    db.selectFrom('voucher_report_file as r').select(['r.id', 'r.invoice_id', 'r.kind', 'r.uploaded_at', 'r.file_id'])
      .where('r.application_id', '=', applicationId).orderBy('r.id').execute(),
    dbNow(db),
    r.reporting_assessment && r.report_status === 'open' ? owners.assessment.latestCompleted(db, [r.firm_id]) : Promise.resolve(new Map()),
  ])
  const stored = await owners.storage.infos(db, files.map((f) => f.file_id))
  const filesOf = (invoiceId: number): ReportFile[] => files.filter((f) => f.invoice_id === invoiceId).map((f) => {
    const { fileName, mediaType, sizeBytes, sha256 } = stored.get(f.file_id)!
    return { id: f.id, kind: f.kind, fileName, mediaType, sizeBytes, sha256, uploadedAt: f.uploaded_at.toISOString() }
  })
  const list: Invoice[] = invoices.map((i) => ({
    id: i.id, source: i.source, category: i.category, supplierName: i.supplier_name, supplierVat: i.supplier_vat, number: i.number, issueDate: i.issue_date,
    taxableCents: i.taxable_cents, totalCents: i.total_cents, eligibleCents: i.eligible_cents, checkNote: i.check_note,
    checkedBy: i.checked_by !== null ? { id: i.checked_by, name: i.checker ?? '' } : null, checkedAt: i.checked_at?.toISOString() ?? null, files: filesOf(i.id),
  }))
  // Submitted: the assessment shown is the one recorded then; open: the firm's latest, if after the grant.
  const completedAt: Date | null = r.report_status === 'open' ? (latest.get(r.firm_id)?.submittedAt ?? null) : r.assessment_at
  const assessmentOk = !r.reporting_assessment || (completedAt !== null && r.decided_at !== null && completedAt > r.decided_at)
  const missing: { path: string; message: string }[] = []
  if (list.length === 0) missing.push({ path: '/invoices', message: 'add at least one invoice' })
  list.forEach((i, n) => {
    if (!i.files.some((f) => f.kind === 'invoice')) missing.push({ path: `/invoices/${n}/files`, message: `invoice ${i.number}: attach the invoice file` })
    if (!i.files.some((f) => f.kind === 'payment_proof')) missing.push({ path: `/invoices/${n}/files`, message: `invoice ${i.number}: attach the proof of traceable payment` })
  })
  if (!assessmentOk) missing.push({ path: '/assessment', message: 'complete a self-assessment after the grant: the call asks the firm to measure its progress' })
  return {
    applicationId: r.id, status: r.report_status, deadline: r.reporting_deadline,
    editable: r.status === 'granted' && r.report_status === 'open' && reportingOpen(r.reporting_deadline, now), grantedCents: r.granted_cents ?? 0, invoices: list,
    assessment: { required: r.reporting_assessment, completedAt: completedAt?.toISOString() ?? null, ok: assessmentOk },
    missing: r.report_status === 'open' ? missing : [], submittedAt: r.submitted_at?.toISOString() ?? null, checkedAt: r.checked_at?.toISOString() ?? null,
    checkNote: r.check_note, figures: (r.figures as GrantResult | null) ?? null, payableCents: r.payable_cents,
    payment: r.amount_cents !== null && r.paid_on !== null ? { amountCents: r.amount_cents, paidOn: r.paid_on, orderRef: r.order_ref!, createdAt: r.paid_at!.toISOString() } : null,
  }
}
