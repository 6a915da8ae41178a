import type { Insertable } from 'kysely'
import type { Db } from '../src/db/database.ts'
import type { EcEventTable } from '../src/modules/experience-center/events/tables.ts'
import { newRegistrationToken } from '../src/modules/experience-center/events/registration-token.ts'
import { makeFirm } from './crm-factories.ts'

const DAY = 24 * 3600 * 1000

/** A published seminar of the chamber, a week from now, 2 hours long, with 30 places (or as given). */
export async function makeEvent(db: Db, chamberId: number, overrides: Partial<Insertable<EcEventTable>> = {}): Promise<{ id: number }> {
  const starts = new Date(Date.now() + 7 * DAY)
  return db.insertInto('ec_event').values({
    chamber_id: chamberId, kind: 'seminar', title: 'Seminario di prova', starts_at: starts,
    ends_at: new Date(starts.getTime() + 2 * 3600 * 1000), venue: 'Sala conferenze', address: 'Via Meravigli 9/b, Milano',
    online_url: null, capacity: 30, themes: ['smart_shops'], speakers: JSON.stringify([]), status: 'published',
    published_at: new Date(), registration_closes_at: null, created_by: null, ...overrides,
  }).returning('id').executeTakeFirstOrThrow()
}

/**
 * A confirmed registration (a seat taken) of a new firm's person for the event, or with the status
 * given; returns the personal link's token too.
 */
export async function makeRegistration(db: Db, eventId: number, options: { status?: 'confirmed' | 'waitlisted'; firmId?: number } = {})
  : Promise<{ id: number; firmId: number; contactId: number; token: string }> {
  const event = await db.selectFrom('ec_event').select(['chamber_id']).where('id', '=', eventId).executeTakeFirstOrThrow()
  const firmId = options.firmId ?? (await makeFirm(db, { chamber_id: event.chamber_id })).id
  const contact = await db.insertInto('contact').values({ firm_id: firmId, first_name: 'Giulia', last_name: 'Bianchi', email: `giulia.${firmId}@example.it` })
    .returning('id').executeTakeFirstOrThrow()
  const status = options.status ?? 'confirmed'
  if (status === 'confirmed') {
    await db.updateTable('ec_event').set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) })).where('id', '=', eventId).executeTakeFirstOrThrow()
  }
  const { token, hash } = newRegistrationToken()
  const row = await db.insertInto('ec_registration').values({
    event_id: eventId, chamber_id: event.chamber_id, firm_id: firmId, contact_id: contact.id, status, token_hash: hash,
  }).returning('id').executeTakeFirstOrThrow()
  return { id: row.id, firmId, contactId: contact.id, token }
}
