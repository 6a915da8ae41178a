import type {
  ApplicationEvaluation, CallCloseOut, CheckInvoiceBody, Invoice, ManualInvoiceBody, PaymentBody, ReportFileKind, VoucherReport,
} from '@pid/shared'
import { download, request } from '../../../app/api/http'

/** Reporting of a grant, whoever does it: the firm from its link, or a partner for it. */
export interface ReportApi {
  view(applicationId: number): Promise<VoucherReport>
  addManual(applicationId: number, body: ManualInvoiceBody): Promise<Invoice>
  /** A FatturaPA XML: the server reads supplier, number, date and amounts from it. */
  addXml(applicationId: number, category: string, file: File): Promise<Invoice>
  attach(applicationId: number, invoiceId: number, kind: ReportFileKind, file: File, mediaType: string): Promise<Invoice>
  removeInvoice(applicationId: number, invoiceId: number): Promise<void>
  submit(applicationId: number): Promise<VoucherReport>
  file(applicationId: number, fileId: number): Promise<{ blob: Blob; fileName: string | null }>
}

function reportApi(base: (id: number) => string, token?: string): ReportApi {
  const auth = token ? { token } : {}
  return {
    view: (id) => request<VoucherReport>(base(id), auth),
    addManual: (id, body) => request<Invoice>(`${base(id)}/invoices`, { method: 'POST', body, ...auth }),
    addXml: (id, category, file) => request<Invoice>(`${base(id)}/invoices/xml`,
      { method: 'POST', query: { category, fileName: file.name }, raw: { data: file, contentType: 'application/xml' }, ...auth }),
    attach: (id, invoiceId, kind, file, mediaType) => request<Invoice>(`${base(id)}/invoices/${invoiceId}/files`,
      { method: 'POST', query: { kind, fileName: file.name }, raw: { data: file, contentType: mediaType }, ...auth }),
    removeInvoice: (id, invoiceId) => request<void>(`${base(id)}/invoices/${invoiceId}`, { method: 'DELETE', ...auth }),
    submit: (id) => request<VoucherReport>(`${base(id)}/submit`, { method: 'POST', body: {}, ...auth }),
    file: (id, fileId) => download(`${base(id)}/files/${fileId}`, undefined, token),
  }
}

export const firmReportApi = (token: string) => reportApi((id) => `/firm/vouchers/applications/${id}/report`, token)
export const partnerReportApi = (chamberId: number) => reportApi((id) => `/chambers/${chamberId}/vouchers/applications/${id}/report`)

const app = (chamberId: number, id: number) => `/chambers/${chamberId}/vouchers/applications/${id}`

/** Staff: the check of a report, the payment order, the close-out of a call. */
export const reportingApi = {
  view: (chamberId: number, id: number) => request<VoucherReport>(`${app(chamberId, id)}/report`),
  file: (chamberId: number, id: number, fileId: number) => download(`${app(chamberId, id)}/report/files/${fileId}`),
  checkInvoice: (chamberId: number, id: number, invoiceId: number, body: CheckInvoiceBody) =>
    request<Invoice>(`${app(chamberId, id)}/report/invoices/${invoiceId}/check`, { method: 'PUT', body }),
  completeCheck: (chamberId: number, id: number, note?: string) =>
    request<VoucherReport>(`${app(chamberId, id)}/report/check`, { method: 'POST', body: note ? { note } : {} }),
  pay: (chamberId: number, id: number, body: PaymentBody) => request<ApplicationEvaluation>(`${app(chamberId, id)}/payment`, { method: 'POST', body }),
  closeOut: (chamberId: number, callId: number) => request<CallCloseOut>(`/chambers/${chamberId}/vouchers/calls/${callId}/close-out`, { method: 'POST', body: {} }),
}
