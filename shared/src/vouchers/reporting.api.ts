import { Type, type Static } from 'typebox'
import { FileFacts, Id, NamedRef, Nullable, Timestamp, UploadFileName } from '../common.ts'
import { CallCode, SupplierFields } from './grant.ts'
import { GrantFigures } from './applications.api.ts'

/** API contract of reporting (rendicontazione), payment orders (liquidazione) and the close-out of a call. */
const Day = Type.String({ format: 'date' })
const Money = Type.Integer({ minimum: 0, maximum: 100_000_000_000 })

/** open: the firm adds invoices; submitted: staff check them; checked: the payable amount is set. */
export const REPORT_STATUSES = ['open', 'submitted', 'checked'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]
export const INVOICE_SOURCES = ['fatturapa', 'manual'] as const
/** invoice: the invoice itself (a PDF, or the FatturaPA XML); payment_proof: a bank transfer receipt or statement. */
export const REPORT_FILE_KINDS = ['invoice', 'payment_proof'] as const
export type ReportFileKind = (typeof REPORT_FILE_KINDS)[number]
/** What a report file may be: FatturaPA XML (as invoice only), PDF or images. */
export const REPORT_MEDIA_TYPES = ['application/xml', 'text/xml', 'application/pdf', 'image/jpeg', 'image/png'] as const
export const REPORT_FILE_MAX_BYTES = 5 * 1024 * 1024
export const MAX_INVOICES_PER_REPORT = 100

export const ReportFile = Type.Object({
  id: Id,
  kind: Type.Enum(REPORT_FILE_KINDS),
  ...FileFacts,
  uploadedAt: Timestamp,
})
export type ReportFile = Static<typeof ReportFile>

export const Invoice = Type.Object({
  id: Id,
  source: Type.Enum(INVOICE_SOURCES),
  /** The call's expense category it is reported under. */
  category: Type.String(),
  supplierName: Type.String(),
  supplierVat: Nullable(Type.String()),
  number: Type.String(),
  issueDate: Day,
  taxableCents: Type.Integer(),
  totalCents: Type.Integer(),
  /** Set by staff: what of it is eligible (at most the taxable amount). */
  eligibleCents: Nullable(Type.Integer()),
  checkNote: Nullable(Type.String()),
  checkedBy: Nullable(NamedRef),
  checkedAt: Nullable(Timestamp),
  files: Type.Array(ReportFile),
})
export type Invoice = Static<typeof Invoice>

export const VoucherReport = Type.Object({
  applicationId: Id,
  status: Type.Enum(REPORT_STATUSES),
  /** Last day of reporting (inclusive, Rome). */
  deadline: Day,
  /** The firm (or its partner) may still add, remove and submit. */
  editable: Type.Boolean(),
  grantedCents: Type.Integer(),
  invoices: Type.Array(Invoice),
  /** The call wants a self-assessment completed after the grant (the assessment module says whether there is one). */
  assessment: Type.Object({ required: Type.Boolean(), completedAt: Nullable(Timestamp), ok: Type.Boolean() }),
  /** What is missing before the report can be submitted. */
  missing: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  submittedAt: Nullable(Timestamp),
  checkedAt: Nullable(Timestamp),
  checkNote: Nullable(Type.String()),
  /** The call's rule on the eligible actual costs, once staff have checked every invoice. */
  figures: Nullable(GrantFigures),
  payableCents: Nullable(Type.Integer()),
  payment: Nullable(Type.Object({ amountCents: Type.Integer(), paidOn: Day, orderRef: Type.String(), createdAt: Timestamp })),
})
export type VoucherReport = Static<typeof VoucherReport>

/** A PDF (or paper) invoice keyed in by hand; its file is attached after. */
export const ManualInvoiceBody = Type.Object({
  category: CallCode,
  ...SupplierFields,
  number: Type.String({ minLength: 1, maxLength: 40 }),
  issueDate: Day,
  taxableCents: Type.Integer({ minimum: 1, maximum: 10_000_000_000 }),
  totalCents: Type.Integer({ minimum: 1, maximum: 10_000_000_000 }),
}, { additionalProperties: false })
export type ManualInvoiceBody = Static<typeof ManualInvoiceBody>

/** A FatturaPA XML sent as the raw body (application/xml): the invoice is read from it. */
export const InvoiceXmlQuery = Type.Object({
  category: CallCode,
  fileName: UploadFileName,
}, { additionalProperties: false })
export type InvoiceXmlQuery = Static<typeof InvoiceXmlQuery>

export const ReportFileQuery = Type.Object({
  kind: Type.Enum(REPORT_FILE_KINDS),
  fileName: UploadFileName,
}, { additionalProperties: false })
export type ReportFileQuery = Static<typeof ReportFileQuery>

export const CheckInvoiceBody = Type.Object({
  eligibleCents: Money,
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false })
export type CheckInvoiceBody = Static<typeof CheckInvoiceBody>

export const CompleteCheckBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })
export type CompleteCheckBody = Static<typeof CompleteCheckBody>

/** The payment order (liquidazione): the payable amount of a checked report is paid on this day. */
export const PaymentBody = Type.Object({
  paidOn: Day,
  /** The chamber's act or mandate number. */
  orderRef: Type.String({ minLength: 1, maxLength: 100 }),
}, { additionalProperties: false })
export type PaymentBody = Static<typeof PaymentBody>

export const VoucherReportParams = Type.Object({ chamberId: Id, applicationId: Id }, { additionalProperties: false })
export const VoucherInvoiceParams = Type.Object({ chamberId: Id, applicationId: Id, invoiceId: Id }, { additionalProperties: false })
export const VoucherReportFileParams = Type.Object({ chamberId: Id, applicationId: Id, fileId: Id }, { additionalProperties: false })
export const FirmInvoiceParams = Type.Object({ applicationId: Id, invoiceId: Id }, { additionalProperties: false })
export const FirmReportFileParams = Type.Object({ applicationId: Id, fileId: Id }, { additionalProperties: false })

/** What closing out a call did: paid in all, and what went back to the budget's voucher line. */
export const CallCloseOut = Type.Object({
  callId: Id,
  closedOutAt: Timestamp,
  paidCents: Type.Integer(),
  releasedCents: Type.Integer(),
  /** Reserve-list and proposal-less applications closed as not funded. */
  closedApplications: Type.Integer(),
})
export type CallCloseOut = Static<typeof CallCloseOut>
