import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import type { Config } from './config.ts'
import type pg from 'pg'
import type { Db } from './db/database.ts'
import { registerErrorHandling } from './core/errors.ts'
import { registerValidation } from './core/validation.ts'
import { registerTextInputCheck } from './core/text-input.ts'
import security from './core/security.ts'
import guard from './core/auth/guard.ts'
import openapi from './core/openapi.ts'
import idempotency from './core/idempotency.ts'
import etag from './core/etag.ts'
import spa from './core/spa.ts'
import { Jobs } from './core/jobs.ts'
import { Mailer } from './core/mail.ts'
import authModule from './modules/auth/index.ts'
import networkModule from './modules/network/index.ts'
import usersModule from './modules/users/index.ts'
import operationsModule from './modules/operations/index.ts'
import crmModule from './modules/crm/index.ts'
import firmAccessModule from './modules/firm-access/index.ts'
import assessmentModule from './modules/assessment/index.ts'
import { Recommenders } from './modules/assessment/recommendations.ts'
import { CrmService } from './modules/crm/crm.service.ts'
import budgetModule from './modules/budget/index.ts'
import { BudgetService } from './modules/budget/budget.service.ts'
import { AssessmentService } from './modules/assessment/assessment.service.ts'
import vouchersModule from './modules/vouchers/index.ts'
import experienceCenterModule from './modules/experience-center/index.ts'
import mentoringModule from './modules/mentoring/index.ts'
import partnerApiModule, { apiCallLog } from './modules/partner-api/index.ts'
import { Webhooks } from './modules/partner-api/webhooks/emitter.ts'
import monitoringModule from './modules/monitoring/index.ts'
import { LocalStorage, PgStorage, type Storage } from './core/storage.ts'
import { S3Storage } from './core/storage-s3.ts'
import { WorkSources } from './core/work.ts'
import { FigureSources } from './core/figures.ts'

export interface AppDeps {
  db: Db
  /** The pg pool behind `db`, for the few jobs that need a raw client (COPY). */
  pool: pg.Pool
  /** Tests pass a mailer with a nodemailer JSON transport; otherwise built from SMTP_URL. */
  mailer?: Mailer
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Db
    pgPool: pg.Pool
    mailer: Mailer
    /** Background jobs (pg-boss): modules declare their queues, and enqueue in their transactions. */
    jobs: Jobs
    /** The CRM's service: every module records what a firm experiences through it. */
    crm: CrmService
    /** The budget's service: modules commit, release and spend plan money through it. */
    budget: BudgetService
    /** The assessment module's service: other modules ask it about firms' self-assessments. */
    assessment: AssessmentService
    /** Uploaded files: their rows in PostgreSQL, their bytes in a local folder (STORAGE=local), the row (pg) or a bucket (s3). */
    storage: Storage
    /** What waits for staff on their home page: each module registers the kinds of work it owns. */
    work: WorkSources
    /** Partners' webhooks: modules emit events inside the transaction of the change (partner-api). */
    webhooks: Webhooks
    /** Network monitoring's inputs: each module registers the monthly facts it owns (core/figures.ts). */
    figures: FigureSources
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/**
 * Builds the whole application without listening: tests build it, main.ts serves it.
 * Boot order is fixed: core services -> security -> auth -> OpenAPI -> modules -> SPA.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(config.env === 'development' ? { transport: { target: 'pino-pretty' } } : {}),
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Plugins do real work at start (a module's defaults in the database, the first Redis connection,
    // up to 15 s): Fastify's 10 s default fails a start on a busy machine that would have come up.
    pluginTimeout: 60_000,
    // Honour a well-formed incoming request id (from a proxy), otherwise make one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('db', deps.db)
  app.decorate('pgPool', deps.pool)
  app.decorate('mailer', deps.mailer ?? Mailer.fromUrl(config.smtpUrl, config.mailFrom))
  app.decorate('jobs', new Jobs(deps.db, deps.pool, app.log, { background: config.jobsEnabled }))
  app.mailer.registerJobs(app.jobs)
  // Queues and schedules exist once the app is ready (modules declared them while registering);
  // workers start only when main.ts listens.
  app.addHook('onReady', async () => { await app.jobs.start() })
  app.addHook('onClose', async () => { await app.jobs.stop() })
  // The emitter asks the CRM which organisations hear of a firm; the CRM emits referrals: the CRM is read when it emits.
  app.decorate('webhooks', new Webhooks({ crm: () => app.crm, jobs: app.jobs }))
  app.decorate('crm', new CrmService(deps.db, { mailer: app.mailer, publicUrl: config.publicUrl, webhooks: app.webhooks }))
  // Assessment reports' recommendation sources: any module may register one (voucher calls, mentors...).
  app.decorate('assessmentRecommenders', new Recommenders())
  app.decorate('work', new WorkSources())
  app.decorate('figures', new FigureSources())
  app.decorate('budget', new BudgetService())
  app.decorate('assessment', new AssessmentService())
  app.decorate('storage', config.storage === 'pg' ? new PgStorage() : config.storage === 's3' ? new S3Storage(config.s3!) : new LocalStorage(config.storageDir))
  app.addHook('onSend', async (req, reply) => { reply.header('x-request-id', req.id) })

  registerErrorHandling(app)
  registerValidation(app)
  registerTextInputCheck(app)
  await app.register(security, { config })
  await app.register(cookie)
  await app.register(guard, { secret: config.jwtSecret, accessTokenTtl: config.accessTokenTtl })
  await app.register(idempotency)
  await app.register(etag)
  await app.register(openapi)

  const Health = Type.Object({ status: Type.String() })
  app.get('/api/health', {
    schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Health } },
    config: { guard: 'public', rateLimit: false },
  }, async () => ({ status: 'ok' }))
  app.get('/api/ready', {
    schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: Health, 503: { $ref: 'Problem' } } },
    config: { guard: 'public', rateLimit: false },
  }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(app.db)
      return { status: 'ready' }
    } catch {
      return reply.code(503).header('retry-after', '5').type('application/problem+json').send({
        type: 'https://pid.example/problems/unavailable', title: 'Service Unavailable', status: 503,
        code: 'unavailable', detail: 'the database is not reachable',
      })
    }
  })

  await app.register(authModule, { prefix: '/api/v1/auth' })
  await app.register(networkModule, { prefix: '/api/v1' })
  await app.register(usersModule, { prefix: '/api/v1' })
  await app.register(operationsModule, { prefix: '/api/v1' })
  await app.register(crmModule, { prefix: '/api/v1' })
  await app.register(firmAccessModule, { prefix: '/api/v1' })
  await app.register(assessmentModule, { prefix: '/api/v1' })
  await app.register(budgetModule, { prefix: '/api/v1' })
  await app.register(vouchersModule, { prefix: '/api/v1' })
  await app.register(experienceCenterModule, { prefix: '/api/v1' })
  await app.register(mentoringModule, { prefix: '/api/v1' })
  await app.register(partnerApiModule, { prefix: '/api/v1' })
  await app.register(apiCallLog)
  // Last: every module has registered its figure source (app.figures) by now.
  await app.register(monitoringModule, { prefix: '/api/v1' })

  if (config.spaDir) await app.register(spa, { dir: config.spaDir })
  return app
}
