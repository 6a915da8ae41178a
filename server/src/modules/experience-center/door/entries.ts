import type { FastifyInstance } from 'fastify'
import type { DoorEntry } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'

/** The event as the door needs it; another chamber's event (or none) is a 404. */
export async function doorEvent(db: DbOrTx, chamberId: number, eventId: number, lock = false) {
  let q = db.selectFrom('ec_event')
    .select(['id', 'chamber_id', 'kind', 'title', 'starts_at', 'ends_at', 'status', 'capacity', 'seats_taken'])
    .where('id', '=', eventId).where('chamber_id', '=', chamberId)
  if (lock) q = q.forUpdate()
  const event = await q.executeTakeFirst()
  if (!event) throw notFound('event')
  return event
}
export type DoorEvent = Awaited<ReturnType<typeof doorEvent>>

export const registrationColumns = ['id', 'event_id', 'chamber_id', 'firm_id', 'contact_id', 'status', 'source', 'checked_in_at'] as const
export interface RegistrationRow {
  id: number; event_id: number; chamber_id: number; firm_id: number; contact_id: number; status: string; source: string; checked_in_at: Date | null
}

/**
 * Registrations as the door shows them: the firm's name and code and the person come from the CRM
 * (its service, not its tables); a person erased under the GDPR shows without a name.
 */
export async function toEntries(app: FastifyInstance, db: DbOrTx, rows: readonly RegistrationRow[]): Promise<DoorEntry[]> {
  const cards = new Map((await app.crm.firmCards(db, [...new Set(rows.map((r) => r.firm_id))])).map((c) => [c.id, c]))
  const people = await app.crm.contactsForMail(db, rows.map((r) => ({ firmId: r.firm_id, contactId: r.contact_id })))
  return rows.map((r) => {
    const card = cards.get(r.firm_id)
    const person = people.get(r.contact_id)
    return {
      id: r.id, firmId: r.firm_id, firmName: card?.name ?? '', firmTaxCode: card?.taxCode ?? '',
      personName: person?.name ?? '', email: person?.email ?? '',
      status: r.status as DoorEntry['status'], source: r.source as DoorEntry['source'],
      checkedInAt: r.checked_in_at ? r.checked_in_at.toISOString() : null,
    }
  })
}

export async function toEntry(app: FastifyInstance, db: DbOrTx, row: RegistrationRow): Promise<DoorEntry> {
  return (await toEntries(app, db, [row]))[0]!
}

/** Lower case without accents, so "nicolo" finds "Nicolò". */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

export function matches(entry: DoorEntry, q: string): boolean {
  const words = fold(q).split(/\s+/).filter(Boolean)
  const hay = fold(`${entry.personName} ${entry.firmName} ${entry.firmTaxCode} ${entry.email}`)
  return words.every((w) => hay.includes(w))
}

/** The year of an instant in Rome (an event's budget year). */
export const romeYear = (at: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(at))
