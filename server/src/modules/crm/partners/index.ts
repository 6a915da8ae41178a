import type { FastifyInstance } from 'fastify'
import registryRoutes from './registry.routes.ts'
import agreementsRoutes from './agreements.routes.ts'
import referralsRoutes from './referrals.routes.ts'
import consentsRoutes from './consents.routes.ts'
import { REMINDER_HOUR, REMINDER_QUEUE, runReminders } from './referral-reminders.ts'
import { registerReferralWork } from './referral-work.ts'

/**
 * CRM: partners (routes under /api/v1). The network-wide registry of organisations (registry.*),
 * each chamber's agreements and partner users (agreements.*, members.*), referrals and their
 * feedback sheets (referrals.*, referral-*), and firms' consents for partners (consents.*); the
 * daily job that reminds partners and referrers of overdue referrals.
 */
export default async function partnersRoutes(app: FastifyInstance) {
  await app.register(registryRoutes)
  await app.register(agreementsRoutes)
  await app.register(referralsRoutes)
  await app.register(consentsRoutes)

  app.jobs.work(REMINDER_QUEUE, async (_payload, db) => { await runReminders(db, app.mailer, app.config.publicUrl, app.webhooks) })
  app.jobs.daily(REMINDER_QUEUE, REMINDER_HOUR)
  registerReferralWork(app.work)
}
