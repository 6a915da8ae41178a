import type { FastifyInstance } from 'fastify'
import mailingRoutes from './mailings.routes.ts'
import mailingPublicRoutes from './public.routes.ts'
import { MAILING_QUEUE, MailingSender } from './sender.ts'

/** CRM mailings: staff routes, the recipients' public routes, and the sending job (one minute's worth per run). */
export default async function mailingsRoutes(app: FastifyInstance) {
  const sender = new MailingSender({ db: app.db, mailer: app.mailer, crm: app.crm, jobs: app.jobs, publicUrl: app.config.publicUrl,
    ratePerMinute: app.config.mailingRatePerMinute })
  // 'stately': one run of a mailing at a time (and one waiting), so a row found 'sending' is a dead run's.
  app.jobs.work(MAILING_QUEUE, async (payload) => { await sender.run(Number(payload.mailingId)) }, { policy: 'stately', expireInSeconds: 900 })
  await app.register(mailingRoutes)
  await app.register(mailingPublicRoutes)
}
