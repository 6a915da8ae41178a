import type { FastifyInstance } from 'fastify'
import type { Tx } from '../../../db/database.ts'
import { EventMails } from './mails.ts'
import { EventsService } from './events.service.ts'
import { RegistrationsService } from './registrations.service.ts'
import { PublicEventsReader } from './public-events.ts'
import { registerEventJobs } from './jobs.ts'
import { OFFER_EXPIRY_JOB } from './waitlist.ts'
import staffRoutes from './staff.routes.ts'
import publicRoutes from './public.routes.ts'
import partnerRoutes from './partner.routes.ts'
import firmEventRoutes from './firm.routes.ts'
import { PartnerRegistrations } from './partner-registrations.ts'

/**
 * The experience centre's events: the staff's calendar and editor, the public calendar, pages and
 * iCalendar, public registration with a waitlist whose freed places are offered in turn for a
 * limited time, and reminders. Public registrations go through a queue and are written in batches
 * (registration-queue.ts, registration-batch.ts: one conditional UPDATE of the seats per batch);
 * every other seat is given by takeSeat (seats.ts). Both hold the event's row lock. Partner organisations register
 * their firms through the same queue (partner-registrations.ts).
 */
export default async function eventsPart(app: FastifyInstance) {
  const secret = app.config.jwtSecret
  const mails = new EventMails({ mailer: app.mailer, crm: app.crm, secret, publicUrl: app.config.publicUrl })
  const waitlist = {
    mails,
    webhooks: app.webhooks,
    scheduleExpiry: (tx: Tx, eventId: number, at: Date) => app.jobs.enqueue(tx, OFFER_EXPIRY_JOB, { eventId }, { startAfter: new Date(at.getTime() + 1000) }),
  }
  const events = new EventsService({ db: app.db, crm: app.crm, ...waitlist })
  const registrations = new RegistrationsService({ db: app.db, crm: app.crm, secret, ...waitlist,
    onBatchFailure: (err, size) => app.log.warn({ err, size }, 'a batch of event registrations failed: retried one by one') })
  // Answer every registration already queued before the pool closes (graceful shutdown).
  app.addHook('onClose', async () => { await registrations.idle() })
  registerEventJobs(app, waitlist)
  app.crm.onFirmMerged('experience-events', async (tx, { fromId, intoId }) => {
    const moved = await tx.updateTable('ec_registration').set({ firm_id: intoId }).where('firm_id', '=', fromId).executeTakeFirst()
    return Number(moved.numUpdatedRows)
  })
  await app.register(staffRoutes, { events, registrations })
  await app.register(firmEventRoutes)
  await app.register(partnerRoutes, { partners: new PartnerRegistrations({ db: app.db, crm: app.crm, registrations }) })
  await app.register(publicRoutes, { reader: new PublicEventsReader({ db: app.db, crm: app.crm, publicUrl: app.config.publicUrl }), registrations })
}
