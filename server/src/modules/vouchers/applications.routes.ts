import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CreateApplicationBody, IdempotencyHeaders, SubmissionReceipt, UpdateApplicationBody, VoucherApplication, VoucherApplicationParams, VoucherCallParams,
  VoucherDocumentParams, WithdrawBody,
} from '@pid/shared'
import type { Actor } from '../../core/auth/guard.ts'
import { auditContext } from '../../core/audit.ts'
import { forbidden } from '../../core/errors.ts'
import { firmAccess, visibleFirm, type FirmAccess } from '../crm/index.ts'
import { applicationView } from './application-rows.ts'
import { attachment } from './documents.ts'
import { sendReceipt, submitDraft, type VoucherServices } from './context.ts'
import { denied, guarded, problem } from '../../core/route-kit.ts'

const tags = ['vouchers']
const read = guarded('vouchers.applications.read')
const apply = guarded('vouchers.apply')
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

/**
 * Applications seen from the chamber: staff, regional and national roles read them; a partner
 * organisation's user reads, files and submits them for the firms it is related to (the CRM's
 * rule), and for nobody else.
 */
export default async function applicationRoutes(fastify: FastifyInstance, { s }: { s: VoucherServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const base = '/chambers/:chamberId/vouchers/applications/:applicationId'
  /** A partner acting for a firm: its organisation's access, which must be a partner's. */
  const partner = async (actor: Actor, chamberId: number): Promise<FirmAccess & { partnerId: number }> => {
    const access = await firmAccess(app.db, actor, chamberId, 'vouchers.apply')
    if (access.partnerId === null) throw forbidden("only a partner organisation files applications on a firm's behalf")
    return access as FirmAccess & { partnerId: number }
  }

  app.get(base, {
    schema: { tags, summary: 'An application: expenses, declarations, grant figures, protocol, status, documents', params: VoucherApplicationParams,
      response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    const a = await s.applications.visible(app.db, await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.applications.read'), req.params.applicationId)
    return applicationView(app.db, app, a.id)
  })

  app.get(`${base}/receipt.pdf`, {
    schema: { tags, summary: 'The receipt of a submitted application (PDF)', params: VoucherApplicationParams,
      response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const a = await s.applications.visible(app.db, await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.applications.read'), req.params.applicationId)
    return sendReceipt(app, reply, a.id)
  })

  app.get(`${base}/documents/:documentId`, {
    schema: { tags, summary: 'Download a document of the application', params: VoucherDocumentParams,
      response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const a = await s.applications.visible(app.db, await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.applications.read'), req.params.applicationId)
    const file = await s.documents.download(a.id, req.params.documentId)
    return reply.type(file.mediaType).header('content-disposition', attachment(file.fileName)).send(file.content)
  })

  app.post('/chambers/:chamberId/vouchers/calls/:callId/applications', {
    schema: { tags, summary: "A partner starts a firm's application (a draft; one per firm per call, 409 names the existing one)",
      params: VoucherCallParams, body: CreateApplicationBody, response: { 201: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req, reply) => {
    const access = await partner(req.actor!, req.params.chamberId)
    const { firmId, ...draft } = req.body
    const firm = await visibleFirm(app.db, access, firmId)
    const created = await s.applications.createDraft(req.params.callId, firm.id, draft,
      { kind: 'partner', partnerId: access.partnerId, userId: req.actor!.userId }, auditContext(req), req.params.chamberId)
    return reply.code(201).send(created)
  })

  app.patch(base, {
    schema: { tags, summary: 'A partner edits the draft (expenses, declarations, contact)', params: VoucherApplicationParams,
      body: UpdateApplicationBody, response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req) => {
    const a = await s.applications.visible(app.db, await partner(req.actor!, req.params.chamberId), req.params.applicationId)
    return s.applications.updateDraft(a.id, req.body, auditContext(req))
  })

  app.post(`${base}/submit`, {
    schema: { tags, summary: 'A partner submits the draft: protocol, server instant, outcome; retry with the same Idempotency-Key for the same answer',
      params: VoucherApplicationParams, headers: IdempotencyHeaders,
      response: { 200: SubmissionReceipt, 400: problem, ...denied, 404: problem, 409: problem, 422: problem } },
    // The submission queue keeps its keys with the applications it writes (submission.ts), in the same transaction.
    config: { ...apply, idempotency: false },
  }, async (req, reply) => {
    const a = await s.applications.visible(app.db, await partner(req.actor!, req.params.chamberId), req.params.applicationId)
    return submitDraft(app, s, req, reply, { applicationId: a.id, firmId: a.firmId, scope: `user:${req.actor!.userId}`, submittedBy: req.actor!.userId })
  })

  app.post(`${base}/withdraw`, {
    schema: { tags, summary: 'A partner withdraws the application before the decision; its money goes down the reserve list',
      params: VoucherApplicationParams, body: WithdrawBody, response: { 200: VoucherApplication, 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req) => {
    const a = await s.applications.visible(app.db, await partner(req.actor!, req.params.chamberId), req.params.applicationId)
    await s.allocation.withdraw(a.id, auditContext(req), req.body.reason)
    return applicationView(app.db, app, a.id)
  })

  app.delete(`${base}/documents/:documentId`, {
    schema: { tags, summary: 'A partner removes a document from the draft', params: VoucherDocumentParams,
      response: { 204: Type.Null(), 400: problem, ...denied, 404: problem, 409: problem } },
    config: apply,
  }, async (req, reply) => {
    const a = await s.applications.visible(app.db, await partner(req.actor!, req.params.chamberId), req.params.applicationId)
    await s.documents.remove(a.id, req.params.documentId, auditContext(req))
    return reply.code(204).send(null)
  })
}
