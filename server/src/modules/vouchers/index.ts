import type { FastifyInstance } from 'fastify'
import { CallsService } from './calls.service.ts'
import { ApplicationsService } from './applications.service.ts'
import { AllocationService, CLOSING_JOB } from './allocation.service.ts'
import { DocumentsService } from './documents.ts'
import { SubmissionQueue } from './submission-queue.ts'
import { submitBatch } from './submission.ts'
import { mergeApplications } from './merge.ts'
import type { VoucherServices } from './context.ts'
import callRoutes from './calls.routes.ts'
import publicRoutes from './public.routes.ts'
import applicationRoutes from './applications.routes.ts'
import firmRoutes from './firm.routes.ts'
import uploadRoutes from './uploads.routes.ts'
import { registerEvaluation } from './evaluation-module.ts'

/**
 * The vouchers module (part 1 of the issue): calls with their budget commitment and public page,
 * applications filed by firms (firm session) or partners on their behalf, and the first-come-
 * first-served submission (click day) through a per-call batching queue. Part 2 (evaluation,
 * decisions, reporting, payment) builds on AllocationService (release and re-admission) and the
 * application statuses of @pid/shared.
 */
export default async function vouchersModule(app: FastifyInstance) {
  const allocation = new AllocationService(app.db, app.crm)
  const s: VoucherServices = {
    calls: new CallsService(app.db, app.budget),
    applications: new ApplicationsService(app.db, app.crm),
    allocation,
    documents: new DocumentsService(app.db, app.storage),
    queue: new SubmissionQueue((callId, batch) => submitBatch(app.db, { crm: app.crm, assessment: app.assessment }, callId, batch), app.log),
  }
  app.crm.onFirmMerged('vouchers', mergeApplications)
  app.jobs.register(CLOSING_JOB, async (payload) => { await allocation.closeWindow(Number(payload.callId)) })
  // Answer every submission already queued before the pool closes (graceful shutdown).
  app.addHook('onClose', async () => { await s.queue.idle() })
  await app.register(callRoutes, { s })
  await app.register(publicRoutes)
  await app.register(applicationRoutes, { s })
  await app.register(firmRoutes, { s })
  await app.register(uploadRoutes, { s })
  await registerEvaluation(app, s)
}
