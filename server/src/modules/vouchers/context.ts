import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { VoucherApplication } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import type { Actor } from '../../core/auth/guard.ts'
import { firmAccess } from '../crm/index.ts'
import { notFound } from '../../core/errors.ts'
import type { CallsService } from './calls.service.ts'
import type { ApplicationsService } from './applications.service.ts'
import type { AllocationService } from './allocation.service.ts'
import type { DocumentsService } from './documents.ts'
import type { SubmissionQueue } from './submission-queue.ts'
import { applicationView } from './application-rows.ts'
import { loadCall } from './call-state.ts'
import { renderReceipt } from './receipt.ts'

/** The module's services, built once per app (the submission queue must be one per process). */
export interface VoucherServices {
  calls: CallsService
  applications: ApplicationsService
  allocation: AllocationService
  documents: DocumentsService
  queue: SubmissionQueue
}

/**
 * Whether the actor reads the chamber's vouchers as its staff (or a regional or national role), not
 * as a partner: partners see published calls only, and their own firms' applications.
 */
export async function isChamberStaff(app: FastifyInstance, actor: Actor, chamberId: number): Promise<boolean> {
  return (await firmAccess(app.db, actor, chamberId, 'vouchers.read')).partnerId === null
}

/**
 * Submits a draft through the call's queue and answers with its outcome (the first outcome again
 * for a retried Idempotency-Key). `firmId` is the firm the caller acts for.
 */
export async function submitDraft(app: FastifyInstance, s: VoucherServices, req: FastifyRequest, reply: FastifyReply,
  p: { applicationId: number; firmId: number; scope: string; submittedBy: number | null }): Promise<FastifyReply> {
  const key = req.headers['idempotency-key']
  // Ownership and the call are checked in the batch, under the call's lock: no query per request here.
  const outcome = await s.queue.submit({
    applicationId: p.applicationId, firmId: p.firmId, scope: p.scope, key: typeof key === 'string' ? key : null,
    fingerprint: `submit:${p.applicationId}`, ctx: auditContext(req), receivedAt: new Date(Date.now() - reply.elapsedTime),
    submittedBy: p.submittedBy,
  })
  return reply.code(outcome.statusCode).send(outcome.body)
}

/** The receipt of a submitted application, as a PDF download. */
export async function sendReceipt(app: FastifyInstance, reply: FastifyReply, applicationId: number): Promise<FastifyReply> {
  const a: VoucherApplication = await applicationView(app.db, app, applicationId)
  if (a.protocol === null) throw notFound('receipt (the application is not submitted yet)')
  const call = await loadCall(app.db, a.call.id)
  const row = await app.db.selectFrom('voucher_application').select('content_sha256').where('id', '=', applicationId).executeTakeFirstOrThrow()
  const pdf = await renderReceipt(a, { chamberName: call.chamberName, contentSha256: row.content_sha256 })
  return reply.type('application/pdf')
    .header('content-disposition', `attachment; filename="ricevuta-${a.protocol.replace(/[^A-Za-z0-9-]/g, '_')}.pdf"`).send(pdf)
}
