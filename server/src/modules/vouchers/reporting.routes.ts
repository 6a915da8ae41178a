import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  ApplicationEvaluation, CallCloseOut, CheckInvoiceBody, CompleteCheckBody, FirmApplicationParams, FirmInvoiceParams, FirmReportFileParams, Invoice,
  ManualInvoiceBody, PaymentBody, VoucherCallParams, VoucherInvoiceParams, VoucherReport, VoucherReportFileParams, VoucherReportParams,
} from '@pid/shared'
import type { Actor } from '../../core/auth/guard.ts'
import { auditContext } from '../../core/audit.ts'
import { forbidden } from '../../core/errors.ts'
import { firmAccess } from '../crm/index.ts'
import { attachment } from './documents.ts'
import { type VoucherServices } from './context.ts'
import type { EvaluationServices } from './evaluation-context.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['vouchers (reporting)']
const read = guarded('vouchers.applications.read')
const apply = guarded('vouchers.apply')
const evaluate = guarded('vouchers.evaluate')
const firmGuard = { guard: { firm: 'vouchers' } } as const
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const report = '/chambers/:chamberId/vouchers/applications/:applicationId/report'
const firmReport = '/firm/vouchers/applications/:applicationId/report'

/**
 * Reporting of a grant: the firm (firm session) or its partner adds invoices and submits; staff
 * read, check each invoice and complete the check; the leader orders the payment; staff close the
 * call out. Regional and national roles read; partners only their related firms' reports.
 */
export default async function reportingRoutes(fastify: FastifyInstance, { s, e }: { s: VoucherServices; e: EvaluationServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const visible = async (actor: Actor, chamberId: number, applicationId: number) =>
    (await s.applications.visible(app.db, await firmAccess(app.db, actor, chamberId, 'vouchers.applications.read'), applicationId)).id
  /** A partner acting for a related firm (staff do not report for firms). */
  const asPartner = async (actor: Actor, chamberId: number, applicationId: number) => {
    const access = await firmAccess(app.db, actor, chamberId, 'vouchers.apply')
    if (access.partnerId === null) throw forbidden("only a partner organisation reports on a firm's behalf")
    return (await s.applications.visible(app.db, access, applicationId)).id
  }
  const own = async (firmId: number, applicationId: number) => (await s.applications.own(app.db, firmId, applicationId)).id

  // Staff, regional and national roles, partners for their firms: read.
  app.get(report, {
    schema: { tags, summary: 'The report of a grant: invoices with files, what is missing, the check and the payable amount, the payment',
      params: VoucherReportParams, response: { 200: VoucherReport, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => e.reporting.view(await visible(req.actor!, req.params.chamberId, req.params.applicationId)))

  app.get(`${report}/files/:fileId`, {
    schema: { tags, summary: 'Download a file of the report', params: VoucherReportFileParams, response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const f = await e.reporting.download(await visible(req.actor!, req.params.chamberId, req.params.applicationId), req.params.fileId)
    return reply.type(f.mediaType).header('content-disposition', attachment(f.fileName)).send(f.content)
  })

  // A partner for a related firm.
  app.post(`${report}/invoices`, {
    schema: { tags, summary: 'A partner adds an invoice keyed in by hand (a PDF invoice: attach its file after)', params: VoucherReportParams,
      body: ManualInvoiceBody, response: { 201: Invoice, 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req, reply) => reply.code(201).send(await e.reporting.addManual(await asPartner(req.actor!, req.params.chamberId, req.params.applicationId),
    req.body, auditContext(req))))

  app.delete(`${report}/invoices/:invoiceId`, {
    schema: { tags, summary: 'A partner removes an invoice (and its files) before submitting', params: VoucherInvoiceParams,
      response: { 204: Type.Null(), 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req, reply) => {
    await e.reporting.removeInvoice(await asPartner(req.actor!, req.params.chamberId, req.params.applicationId), req.params.invoiceId, auditContext(req))
    return reply.code(204).send(null)
  })

  app.post(`${report}/submit`, {
    schema: { tags, summary: 'A partner submits the report (before the deadline; 422 lists what is missing)', params: VoucherReportParams,
      response: { 200: VoucherReport, 400: problem, ...denied, 404: problem, 409: problem, 422: problem } },
    config: apply,
  }, async (req) => e.reporting.submit(await asPartner(req.actor!, req.params.chamberId, req.params.applicationId), auditContext(req)))

  // Staff check.
  app.put(`${report}/invoices/:invoiceId/check`, {
    schema: { tags, summary: "Set an invoice's eligible amount (at most its taxable amount), with a note", params: VoucherInvoiceParams,
      body: CheckInvoiceBody, response: { 200: Invoice, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => e.reporting.checkInvoice(await visible(req.actor!, req.params.chamberId, req.params.applicationId), req.params.invoiceId, req.body,
    auditContext(req)))

  app.post(`${report}/check`, {
    schema: { tags, summary: "Complete the check: payable = the call's rule on the eligible actual costs, never above the grant", params: VoucherReportParams,
      body: CompleteCheckBody, response: { 200: VoucherReport, 400: problem, ...denied, 404: problem, 409: problem } },
    config: evaluate,
  }, async (req) => e.reporting.completeCheck(await visible(req.actor!, req.params.chamberId, req.params.applicationId), req.body, auditContext(req)))

  app.post('/chambers/:chamberId/vouchers/applications/:applicationId/payment', {
    schema: { tags, summary: "Order the payment (liquidazione) of the checked report's payable amount: spends the call's commitment on the budget",
      params: VoucherReportParams, body: PaymentBody, response: { 200: ApplicationEvaluation, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'vouchers.pay', scope: 'chamber' } },
  }, async (req) => {
    await e.payments.pay(req.params.chamberId, req.params.applicationId, req.body, auditContext(req))
    return e.evaluation.ofApplication(app.db, req.params.applicationId)
  })

  app.post('/chambers/:chamberId/vouchers/calls/:callId/close-out', {
    schema: { tags, summary: 'Close the call out once every application is settled: the reserve list ends not funded, the unpaid envelope goes back to the budget',
      params: VoucherCallParams, response: { 200: CallCloseOut, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { guard: { action: 'vouchers.calls.manage', scope: 'chamber' } },
  }, async (req) => e.payments.closeOut(req.params.chamberId, req.params.callId, auditContext(req)))

  // The firm itself (firm session, purpose 'vouchers').
  app.get(firmReport, {
    schema: { tags: ['vouchers (firm)'], summary: 'The report of my grant', params: FirmApplicationParams, response: { 200: VoucherReport, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => e.reporting.view(await own(req.firm!.firmId, req.params.applicationId)))

  app.get(`${firmReport}/files/:fileId`, {
    schema: { tags: ['vouchers (firm)'], summary: 'Download a file of my report', params: FirmReportFileParams, response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const f = await e.reporting.download(await own(req.firm!.firmId, req.params.applicationId), req.params.fileId)
    return reply.type(f.mediaType).header('content-disposition', attachment(f.fileName)).send(f.content)
  })

  app.post(`${firmReport}/invoices`, {
    schema: { tags: ['vouchers (firm)'], summary: 'Add an invoice keyed in by hand (a PDF invoice: attach its file after)', params: FirmApplicationParams,
      body: ManualInvoiceBody, response: { 201: Invoice, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => reply.code(201).send(await e.reporting.addManual(await own(req.firm!.firmId, req.params.applicationId), req.body, auditContext(req))))

  app.delete(`${firmReport}/invoices/:invoiceId`, {
    schema: { tags: ['vouchers (firm)'], summary: 'Remove an invoice (and its files) before submitting', params: FirmInvoiceParams,
      response: { 204: Type.Null(), 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    await e.reporting.removeInvoice(await own(req.firm!.firmId, req.params.applicationId), req.params.invoiceId, auditContext(req))
    return reply.code(204).send(null)
  })

  app.post(`${firmReport}/submit`, {
    schema: { tags: ['vouchers (firm)'], summary: 'Submit the report (before the deadline; 422 lists what is missing)', params: FirmApplicationParams,
      response: { 200: VoucherReport, 400: problem, ...denied, 404: problem, 409: problem, 422: problem } },
    config: firmGuard,
  }, async (req) => e.reporting.submit(await own(req.firm!.firmId, req.params.applicationId), auditContext(req)))
}
