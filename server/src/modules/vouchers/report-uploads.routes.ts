import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  FirmApplicationParams, FirmInvoiceParams, Invoice, InvoiceXmlQuery, REPORT_FILE_MAX_BYTES, ReportFileQuery, VoucherInvoiceParams, VoucherReportParams,
} from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { forbidden } from '../../core/errors.ts'
import { firmAccess } from '../crm/index.ts'
import { denied, problem } from '../../core/route-kit.ts'
import { type VoucherServices } from './context.ts'
import type { EvaluationServices } from './evaluation-context.ts'

const upload = { 201: Invoice, 400: problem, ...denied, 404: problem, 409: problem, 413: problem, 415: problem, 422: problem }
const xmlDescription = 'Send the FatturaPA 1.2 XML (not the signed .p7m) as the raw body with content-type application/xml; the expense category and the ' +
  'file name go in the query. Supplier, number, date and amounts are read from it; the invoice must be addressed to the firm.'
const fileDescription = 'Send the file as the raw body with its content-type (application/pdf, image/jpeg, image/png); kind=invoice for the invoice ' +
  'itself, kind=payment_proof for the proof of traceable payment (bank transfer receipt or statement).'

/** Raw file bodies of reporting (FatturaPA XML, PDF and images): only these routes take them (the parsers are encapsulated here). */
export default async function reportUploadRoutes(fastify: FastifyInstance, { s, e }: { s: VoucherServices; e: EvaluationServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/pdf', 'image/jpeg', 'image/png'], { parseAs: 'buffer', bodyLimit: REPORT_FILE_MAX_BYTES },
    (_req, body, done) => { done(null, body) })
  const asPartner = async (actor: Parameters<typeof firmAccess>[1], chamberId: number, applicationId: number) => {
    const access = await firmAccess(app.db, actor, chamberId, 'vouchers.apply')
    if (access.partnerId === null) throw forbidden("only a partner organisation reports on a firm's behalf")
    return (await s.applications.visible(app.db, access, applicationId)).id
  }
  const own = async (firmId: number, applicationId: number) => (await s.applications.own(app.db, firmId, applicationId)).id
  const firm = { tags: ['vouchers (firm)'] }
  const partner = { tags: ['vouchers (reporting)'] }

  app.post('/firm/vouchers/applications/:applicationId/report/invoices/xml', {
    bodyLimit: REPORT_FILE_MAX_BYTES,
    schema: { ...firm, summary: 'Add a FatturaPA invoice (XML): read automatically', description: xmlDescription, params: FirmApplicationParams,
      querystring: InvoiceXmlQuery, response: upload },
    config: { guard: { firm: 'vouchers' } },
  }, async (req, reply) => reply.code(201).send(await e.reporting.addXml(await own(req.firm!.firmId, req.params.applicationId), req.query,
    req.headers['content-type'], req.body, auditContext(req))))

  app.post('/firm/vouchers/applications/:applicationId/report/invoices/:invoiceId/files', {
    bodyLimit: REPORT_FILE_MAX_BYTES,
    schema: { ...firm, summary: "Attach an invoice's file or its proof of payment", description: fileDescription, params: FirmInvoiceParams,
      querystring: ReportFileQuery, response: upload },
    config: { guard: { firm: 'vouchers' } },
  }, async (req, reply) => reply.code(201).send(await e.reporting.attach(await own(req.firm!.firmId, req.params.applicationId), req.params.invoiceId, req.query,
    req.headers['content-type'], req.body, auditContext(req))))

  app.post('/chambers/:chamberId/vouchers/applications/:applicationId/report/invoices/xml', {
    bodyLimit: REPORT_FILE_MAX_BYTES,
    schema: { ...partner, summary: 'A partner adds a FatturaPA invoice (XML) to a related firm\'s report', description: xmlDescription, params: VoucherReportParams,
      querystring: InvoiceXmlQuery, response: upload },
    config: { guard: { action: 'vouchers.apply', scope: 'chamber' } },
  }, async (req, reply) => reply.code(201).send(await e.reporting.addXml(await asPartner(req.actor!, req.params.chamberId, req.params.applicationId), req.query,
    req.headers['content-type'], req.body, auditContext(req))))

  app.post('/chambers/:chamberId/vouchers/applications/:applicationId/report/invoices/:invoiceId/files', {
    bodyLimit: REPORT_FILE_MAX_BYTES,
    schema: { ...partner, summary: "A partner attaches an invoice's file or its proof of payment", description: fileDescription, params: VoucherInvoiceParams,
      querystring: ReportFileQuery, response: upload },
    config: { guard: { action: 'vouchers.apply', scope: 'chamber' } },
  }, async (req, reply) => reply.code(201).send(await e.reporting.attach(await asPartner(req.actor!, req.params.chamberId, req.params.applicationId),
    req.params.invoiceId, req.query, req.headers['content-type'], req.body, auditContext(req))))
}
