import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  FirmApplicationParams, FirmCallParams, FirmCreateApplicationBody, FirmDocumentParams, FirmVoucherHome, IdempotencyHeaders, SubmissionReceipt, PublicCall,
  UpdateApplicationBody, VoucherApplication, WithdrawBody,
} from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { notFound } from '../../core/errors.ts'
import { applicationView, listColumns, toListItem } from './application-rows.ts'
import { dbNow, loadCall, publishedCalls, toPublicCall } from './call-state.ts'
import { attachment } from './documents.ts'
import { denied, problem } from '../../core/route-kit.ts'
import { sendReceipt, submitDraft, type VoucherServices } from './context.ts'

const tags = ['vouchers (firm)']
const firmGuard = { guard: { firm: 'vouchers' } } as const
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

/** The firm's own pages, reached with a firm session (personal link with purpose 'vouchers'). */
export default async function firmRoutes(fastify: FastifyInstance, { s }: { s: VoucherServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const own = (firmId: number, id: number) => s.applications.own(app.db, firmId, id)

  app.get('/firm/vouchers', {
    schema: { tags, summary: "The calls of the firm's chamber and the firm's applications", response: { 200: FirmVoucherHome, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => {
    const firm = await app.crm.firmProfile(app.db, req.firm!.firmId)
    if (!firm) throw notFound('firm')
    const now = await dbNow(app.db)
    const [calls, apps] = await Promise.all([
      publishedCalls(app.db, firm.chamberId, 50),
      app.db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id').select(listColumns)
        .where('a.firm_id', '=', firm.id).orderBy('a.id', 'desc').limit(100).execute(),
    ])
    return { firm: { id: firm.id, name: firm.name }, calls: calls.map((c) => toPublicCall(c, now)), applications: apps.map(toListItem) }
  })

  app.get('/firm/vouchers/calls/:callId', {
    schema: { tags, summary: 'A call of the chamber, as its public page shows it', params: FirmCallParams, response: { 200: PublicCall, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => toPublicCall(await loadCall(app.db, req.params.callId, { published: true, chamberId: req.firm!.chamberId }), await dbNow(app.db)))

  app.post('/firm/vouchers/calls/:callId/applications', {
    schema: { tags, summary: 'Start the application (a draft; one per firm per call, 409 names the existing one)', params: FirmCallParams,
      body: FirmCreateApplicationBody, response: { 201: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const f = req.firm!
    const created = await s.applications.createDraft(req.params.callId, f.firmId, req.body, { kind: 'firm', linkId: f.linkId }, auditContext(req), f.chamberId)
    return reply.code(201).send(created)
  })

  app.get('/firm/vouchers/applications/:applicationId', {
    schema: { tags, summary: 'The application, with the live grant preview while a draft', params: FirmApplicationParams,
      response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req) => applicationView(app.db, app, (await own(req.firm!.firmId, req.params.applicationId)).id))

  app.patch('/firm/vouchers/applications/:applicationId', {
    schema: { tags, summary: 'Save the draft as the form goes (expenses, declarations, contact)', params: FirmApplicationParams,
      body: UpdateApplicationBody, response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => s.applications.updateDraft((await own(req.firm!.firmId, req.params.applicationId)).id, req.body, auditContext(req)))

  app.post('/firm/vouchers/applications/:applicationId/submit', {
    schema: { tags, summary: 'Submit: protocol and server instant in one strict order, funded or on the reserve list; the same Idempotency-Key gets the same answer',
      params: FirmApplicationParams, headers: IdempotencyHeaders,
      response: { 200: SubmissionReceipt, 400: problem, ...denied, 404: problem, 409: problem, 422: problem } },
    // The submission queue keeps its keys with the applications it writes (submission.ts), in the same transaction.
    config: { ...firmGuard, idempotency: false },
  }, async (req, reply) => submitDraft(app, s, req, reply,
    { applicationId: req.params.applicationId, firmId: req.firm!.firmId, scope: `firm:${req.firm!.firmId}`, submittedBy: null }))

  app.post('/firm/vouchers/applications/:applicationId/withdraw', {
    schema: { tags, summary: 'Withdraw before the decision: the money held goes down the reserve list', params: FirmApplicationParams,
      body: WithdrawBody, response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req) => {
    const a = await own(req.firm!.firmId, req.params.applicationId)
    await s.allocation.withdraw(a.id, auditContext(req), req.body.reason)
    return applicationView(app.db, app, a.id)
  })

  app.get('/firm/vouchers/applications/:applicationId/receipt.pdf', {
    schema: { tags, summary: 'The receipt of the submission (PDF)', params: FirmApplicationParams, response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req, reply) => sendReceipt(app, reply, (await own(req.firm!.firmId, req.params.applicationId)).id))

  app.get('/firm/vouchers/applications/:applicationId/documents/:documentId', {
    schema: { tags, summary: 'Download a document of the application', params: FirmDocumentParams, response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const a = await own(req.firm!.firmId, req.params.applicationId)
    const file = await s.documents.download(a.id, req.params.documentId)
    return reply.type(file.mediaType).header('content-disposition', attachment(file.fileName)).send(file.content)
  })

  app.delete('/firm/vouchers/applications/:applicationId/documents/:documentId', {
    schema: { tags, summary: 'Remove a document from the draft', params: FirmDocumentParams, response: { 204: Type.Null(), 400: problem, ...denied, 404: problem, 409: problem } },
    config: firmGuard,
  }, async (req, reply) => {
    const a = await own(req.firm!.firmId, req.params.applicationId)
    await s.documents.remove(a.id, req.params.documentId, auditContext(req))
    return reply.code(204).send(null)
  })
}
