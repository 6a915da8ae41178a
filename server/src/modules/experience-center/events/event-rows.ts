import { sql, type Selectable } from 'kysely'
import type { EventCounts, EventSpeaker, PublicEvent, StaffEvent } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { CrmService } from '../../crm/index.ts'
import type { EcEventTable } from './tables.ts'

export type EventRow = Selectable<EcEventTable>

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString())

/** Registrations counted per status (every status present), with the event's places. */
export async function eventCounts(db: DbOrTx, events: readonly EventRow[]): Promise<Map<number, EventCounts>> {
  const out = new Map<number, EventCounts>(events.map((e) => [e.id, {
    capacity: e.capacity, seatsTaken: e.seats_taken, confirmed: 0, offered: 0, waitlisted: 0, cancelled: 0, expired: 0,
  }]))
  if (events.length === 0) return out
  const rows = await db.selectFrom('ec_registration').select(['event_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('event_id', 'in', events.map((e) => e.id)).groupBy(['event_id', 'status']).execute()
  for (const r of rows) {
    const c = out.get(r.event_id)
    if (c && r.status in c) (c as Record<string, number>)[r.status] = r.n
  }
  return out
}

/** The partners' names of some events, in one query. */
export async function partnersOf(db: DbOrTx, crm: CrmService, events: readonly EventRow[]): Promise<Map<number, string>> {
  return crm.partnerNames(db, events.flatMap((e) => e.partner_ids.map(Number)))
}

function baseFields(e: EventRow, partners: Map<number, string>) {
  return {
    id: e.id, chamberId: e.chamber_id, kind: e.kind as StaffEvent['kind'], title: e.title, summary: e.summary, description: e.description,
    startsAt: iso(e.starts_at)!, endsAt: iso(e.ends_at)!, venue: e.venue, address: e.address, onlineUrl: e.online_url,
    capacity: e.capacity, themes: e.themes, speakers: (e.speakers ?? []) as EventSpeaker[],
    partners: e.partner_ids.map(Number).map((id) => ({ id, name: partners.get(id) ?? '' })),
    status: e.status as StaffEvent['status'], registrationClosesAt: iso(e.registration_closes_at), offerHours: e.offer_hours,
    publishedAt: iso(e.published_at),
  }
}

export const toStaffEvent = (e: EventRow, partners: Map<number, string>, counts: EventCounts): StaffEvent =>
  ({ ...baseFields(e, partners), counts })

/** Why a registration would be refused now, or null when registrations are taken. */
export function registrationRefusal(e: EventRow, now: Date): 'experience_event_cancelled' | 'experience_event_not_published'
  | 'experience_event_past' | 'experience_registration_closed' | null {
  if (e.status === 'cancelled') return 'experience_event_cancelled'
  if (e.status !== 'published') return 'experience_event_not_published'
  if (new Date(e.starts_at) <= now) return 'experience_event_past'
  if (e.registration_closes_at && new Date(e.registration_closes_at) <= now) return 'experience_registration_closed'
  return null
}

export const toPublicEvent = (e: EventRow, partners: Map<number, string>, now: Date): PublicEvent => ({
  ...baseFields(e, partners),
  placesLeft: Math.max(0, e.capacity - e.seats_taken),
  registrationOpen: registrationRefusal(e, now) === null,
})
