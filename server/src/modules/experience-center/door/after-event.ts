import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../../../db/database.ts'
import { newRegistrationToken } from '../events/registration-token.ts'

/** One job per event, a little after its end; a daily sweep catches what a lost job left. */
export const AFTER_EVENT_QUEUE = 'experience.door.after-event'
export const AFTER_EVENT_SWEEP = 'experience.door.after-event-sweep'
export const SWEEP_HOUR = 7
const GRACE_MS = 30 * 60 * 1000

export const certificatePath = (token: string) => `/pubblico/eventi/attestato/${token}`
export const surveyPath = (token: string) => `/pubblico/eventi/questionario/${token}`

/** At the event's first check-in: the mail to the attendees half an hour after its end (one job per event: queue policy 'short'). */
export async function scheduleAfterEvent(app: FastifyInstance, tx: Tx, event: { id: number; ends_at: Date }): Promise<void> {
  await app.jobs.enqueue(tx, AFTER_EVENT_QUEUE, { eventId: event.id },
    { startAfter: new Date(event.ends_at.getTime() + GRACE_MS), singletonKey: `event:${event.id}` })
}

const ROME_DAY = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long', year: 'numeric' })

/**
 * Mails each attendee of the ended events (those given, or all ended in the last 30 days) the link
 * to their certificate and to the survey. Only those checked in; `feedback_requested_at` is set by
 * the same conditional UPDATE that picks them, so a person is never mailed twice, whatever the
 * jobs and sweeps running at once. The personal link is made anew here (only its hash is kept, so
 * the first one cannot be rebuilt): after the event its earlier uses (cancel, the QR code) are over.
 */
export async function mailAttendees(app: FastifyInstance, db: DbOrTx, eventId?: number): Promise<number> {
  let q = db.selectFrom('ec_event').select(['id', 'chamber_id', 'title', 'starts_at'])
    .where('ends_at', '<', sql<Date>`now()`).where('ends_at', '>', sql<Date>`now() - interval '30 days'`).where('status', '<>', 'cancelled')
  if (eventId !== undefined) q = q.where('id', '=', eventId)
  let sent = 0
  for (const event of await q.execute()) {
    sent += await (db.isTransaction ? mailEvent(app, db as Tx, event) : db.transaction().execute((tx) => mailEvent(app, tx, event)))
  }
  return sent
}

async function mailEvent(app: FastifyInstance, tx: Tx, event: { id: number; chamber_id: number; title: string; starts_at: Date }): Promise<number> {
  const rows = await tx.updateTable('ec_registration').set({ feedback_requested_at: sql`now()` })
    .where('event_id', '=', event.id).where('checked_in_at', 'is not', null).where('feedback_requested_at', 'is', null)
    .returning(['id', 'firm_id', 'contact_id']).execute()
  if (rows.length === 0) return 0
  // Whatever the number of attendees: one statement for the new links, one for the addresses, one for the mails.
  const links = rows.map((r) => ({ ...r, ...newRegistrationToken() }))
  await sql`UPDATE ec_registration r SET token_hash = t.hash FROM unnest(${links.map((l) => l.id)}::bigint[], ${links.map((l) => l.hash)}::text[])
    AS t(id, hash) WHERE r.id = t.id`.execute(tx)
  const people = await app.crm.contactsForMail(tx, rows.map((r) => ({ firmId: r.firm_id, contactId: r.contact_id })))
  const base = app.config.publicUrl
  const mails = links.flatMap(({ contact_id, token }) => {
    const to = people.get(contact_id)
    return to ? [{
      chamberId: event.chamber_id, to: to.email,
      subject: `Grazie per aver partecipato: «${event.title}»`,
      text: [
        `Gentile ${to.name},`, '',
        `grazie per aver partecipato a «${event.title}» del ${ROME_DAY.format(event.starts_at)}.`, '',
        `Il suo attestato di partecipazione: ${base}${certificatePath(token)}`, '',
        `Ci aiuti a migliorare: il questionario richiede un minuto. ${base}${surveyPath(token)}`, '',
        'Punto Impresa Digitale',
      ].join('\n'),
    }] : []
  })
  await app.mailer.queueMany(tx, mails)
  return mails.length
}

export function registerAfterEventJobs(app: FastifyInstance): void {
  app.jobs.work(AFTER_EVENT_QUEUE, async (payload) => { await mailAttendees(app, app.db, Number(payload.eventId)) }, { policy: 'short' })
  app.jobs.work(AFTER_EVENT_SWEEP, async () => { await mailAttendees(app, app.db) })
  app.jobs.daily(AFTER_EVENT_SWEEP, SWEEP_HOUR)
}
