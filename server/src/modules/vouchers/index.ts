import type { FastifyInstance } from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import { createPool } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { CallsService } from './calls.service.ts'
import { ApplicationsService } from './applications.service.ts'
import { AllocationService, CLOSING_JOB } from './allocation.service.ts'
import { DocumentsService } from './documents.ts'
import { SubmissionQueue } from './submission-queue.ts'
import { submitAll } from './submission.ts'
import { mergeApplications } from './merge.ts'
import { registerVoucherWork } from './voucher-work.ts'
import type { VoucherServices } from './context.ts'
import callRoutes from './calls.routes.ts'
import publicRoutes from './public.routes.ts'
import applicationRoutes from './applications.routes.ts'
import firmRoutes from './firm.routes.ts'
import uploadRoutes from './uploads.routes.ts'
import { registerEvaluation } from './evaluation-module.ts'
import { voucherFigures } from './figures.ts'

/**
 * The vouchers module (part 1 of the issue): calls with their budget commitment and public page,
 * applications filed by firms (firm session) or partners on their behalf, and the first-come-
 * first-served submission (click day) through a per-call batching queue. Part 2 (evaluation,
 * decisions, reporting, payment) builds on AllocationService (release and re-admission) and the
 * application statuses of @pid/shared.
 */
export default async function vouchersModule(app: FastifyInstance) {
  const allocation = new AllocationService(app)
  // The submission writer gets a connection of its own: under a click day's load the shared pool is
  // queued with every request's session check, and a batch waiting behind them waits for nothing.
  // (The embedded database is one session: there it shares the app's single connection.)
  const writerPool = app.pgPool.options.max > 1 ? createPool({ ...app.pgPool.options, max: 1 }) : null
  const writerDb = writerPool ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: writerPool }) }) : app.db
  const s: VoucherServices = {
    calls: new CallsService(app),
    applications: new ApplicationsService(app.db, app.crm, app.storage),
    allocation,
    documents: new DocumentsService(app),
    queue: new SubmissionQueue((batch) => submitAll(writerDb, { crm: app.crm, assessment: app.assessment, webhooks: app.webhooks }, batch,
      (err, size) => app.log.warn({ err, size }, 'submission batch failed: retrying each submission alone'))),
  }
  app.crm.onFirmMerged('vouchers', mergeApplications)
  registerVoucherWork(app.work)
  app.figures.register(voucherFigures)
  app.jobs.work(CLOSING_JOB, async (payload) => { await allocation.closeWindow(Number(payload.callId)) })
  app.jobs.onStarted(async () => {
    const sent = await allocation.resendClosingJobs(app.jobs)
    if (sent) app.log.info({ sent }, 'closing jobs sent again for published calls that had none waiting')
  })
  // Answer every submission already queued before the pool closes (graceful shutdown).
  app.addHook('onClose', async () => {
    await s.queue.idle()
    if (writerPool) await writerDb.destroy()
  })
  await app.register(callRoutes, { s })
  await app.register(publicRoutes)
  await app.register(applicationRoutes, { s })
  await app.register(firmRoutes, { s })
  await app.register(uploadRoutes, { s })
  await registerEvaluation(app, s)
}
