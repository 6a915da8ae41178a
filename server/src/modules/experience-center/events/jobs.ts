import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import type { Db, Tx } from '../../../db/database.ts'
import { systemContext } from '../../../core/audit.ts'
import type { EventMails } from './mails.ts'
import { expireOffers, OFFER_EXPIRY_JOB, type WaitlistDeps } from './waitlist.ts'

export const REMINDER_JOB = 'experience.reminders'
/** Reminders go to events starting within this many hours of the daily run (about a day before). */
const REMINDER_WINDOW_HOURS = 36

/**
 * The waitlist's clock: a delayed job per offer (due when it expires) moves expired offers of the
 * event on to the next; a daily sweep catches any offer whose job was lost. Reminders: a daily run
 * mails the confirmed of events starting within REMINDER_WINDOW_HOURS, once (reminded_at).
 */
export function registerEventJobs(app: FastifyInstance, deps: WaitlistDeps & { mails: EventMails }): void {
  app.jobs.work(OFFER_EXPIRY_JOB, async (payload, db) => {
    const eventIds = payload.eventId ? [Number(payload.eventId)] : await eventsWithDueOffers(db)
    for (const eventId of eventIds) await db.transaction().execute((tx) => expireOffers(tx, deps, systemContext('experience.offer-expiry'), eventId))
  })
  app.jobs.daily(OFFER_EXPIRY_JOB, 3)
  app.jobs.work(REMINDER_JOB, async (_payload, db) => { await sendReminders(db, deps.mails) })
  app.jobs.daily(REMINDER_JOB, 9)
}

async function eventsWithDueOffers(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('ec_registration').select('event_id').distinct().where('status', '=', 'offered')
    .where('offer_expires_at', '<=', sql<Date>`now()`).execute()
  return rows.map((r) => r.event_id)
}

/**
 * Mails a reminder to each confirmed registrant of the events starting soon, never twice: each
 * registration is claimed by a conditional UPDATE (reminded_at null), skipping rows another worker
 * holds, in batches, each with its mails in its transaction.
 */
export async function sendReminders(db: Db, mails: EventMails, windowHours = REMINDER_WINDOW_HOURS): Promise<number> {
  let sent = 0
  for (;;) {
    const batch = await db.transaction().execute(async (tx: Tx) => {
      const claimed = await tx.updateTable('ec_registration').set({ reminded_at: sql`now()` })
        .where('id', 'in', (eb) => eb.selectFrom('ec_registration as r').innerJoin('ec_event as e', 'e.id', 'r.event_id').select('r.id')
          .where('r.status', '=', 'confirmed').where('r.reminded_at', 'is', null).where('e.status', '=', 'published')
          .where('e.starts_at', '>', sql<Date>`now()`).where('e.starts_at', '<=', sql<Date>`now() + make_interval(hours => ${windowHours})`)
          .orderBy('r.id').limit(200).forUpdate('r').skipLocked())
        .where('reminded_at', 'is', null).returning(['id', 'event_id', 'firm_id', 'contact_id']).execute()
      for (const r of claimed) await mails.reminder(tx, { registrationId: r.id, eventId: r.event_id, firmId: r.firm_id, contactId: r.contact_id })
      return claimed.length
    })
    sent += batch
    if (batch === 0) return sent
  }
}
