import { sql } from 'kysely'
import type { EventBody, EventList, EventListQuery, EventPatch, StaffEvent } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import { eventCounts, partnersOf, toStaffEvent, type EventRow } from './event-rows.ts'
import { lockEvent, offerFreeSeats, type WaitlistDeps } from './waitlist.ts'
import { emitRegistrationChanges, type RegistrationChange } from './registration-events.ts'

export interface EventsDeps extends WaitlistDeps {
  db: Db
  crm: CrmService
}

type Columns = Partial<Omit<EventRow, 'id' | 'chamber_id' | 'seats_taken' | 'status' | 'published_at' | 'created_by' | 'created_at' | 'updated_at'>>

/** The body's fields as columns (only those given; texts trimmed). */
function columns(b: EventPatch): Columns {
  const text = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() : v)
  const c: Record<string, unknown> = {
    kind: b.kind, title: text(b.title), summary: text(b.summary), description: text(b.description), starts_at: b.startsAt, ends_at: b.endsAt,
    venue: text(b.venue), address: text(b.address), online_url: b.onlineUrl, capacity: b.capacity, themes: b.themes,
    registration_closes_at: b.registrationClosesAt, offer_hours: b.offerHours, partner_ids: b.partnerIds,
    speakers: b.speakers === undefined ? undefined : JSON.stringify(b.speakers),
  }
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Columns
}

/** The rules across fields: an end after the start, a closing time before the start, a place or a link. */
function checkShape(e: Pick<EventRow, 'starts_at' | 'ends_at' | 'registration_closes_at' | 'venue' | 'address' | 'online_url'>) {
  const problems = []
  if (new Date(e.ends_at) <= new Date(e.starts_at)) problems.push(fieldProblem('/endsAt', 'experience_ends_before_start', 'the event must end after it starts'))
  if (e.registration_closes_at && new Date(e.registration_closes_at) > new Date(e.starts_at)) {
    problems.push(fieldProblem('/registrationClosesAt', 'experience_closes_after_start', 'registrations must close by the start'))
  }
  if (!e.venue && !e.address && !e.online_url) problems.push(fieldProblem('/venue', 'experience_place_or_link', 'give a place or an online link'))
  if (problems.length) throw badRequest('invalid event', problems, 'experience_event_period')
}

/** The chamber's events as its staff manage them: drafts, publication, changes, cancellation. */
export class EventsService {
  private readonly deps: EventsDeps
  constructor(deps: EventsDeps) { this.deps = deps }

  async list(chamberId: number, q: EventListQuery): Promise<EventList> {
    const limit = q.limit ?? 50
    const offset = q.cursor && /^\d{1,9}$/.test(q.cursor) ? Number(q.cursor) : 0
    let query = this.deps.db.selectFrom('ec_event').selectAll().where('chamber_id', '=', chamberId)
    if (q.from) query = query.where('ends_at', '>=', new Date(q.from))
    if (q.to) query = query.where('starts_at', '<', new Date(q.to))
    if (q.status) query = query.where('status', '=', q.status)
    if (q.kind) query = query.where('kind', '=', q.kind)
    const rows = await query.orderBy('starts_at').orderBy('id').limit(limit + 1).offset(offset).execute()
    const page = rows.slice(0, limit)
    const counts = await eventCounts(this.deps.db, page)
    return {
      items: page.map((e) => ({
        id: e.id, kind: e.kind as StaffEvent['kind'], title: e.title, startsAt: e.starts_at.toISOString(), endsAt: e.ends_at.toISOString(),
        venue: e.venue, onlineUrl: e.online_url, status: e.status as StaffEvent['status'], capacity: e.capacity, seatsTaken: e.seats_taken,
        waitlisted: counts.get(e.id)!.waitlisted, themes: e.themes,
      })),
      nextCursor: rows.length > limit ? String(offset + limit) : null,
    }
  }

  async get(chamberId: number, eventId: number, db: Db | Tx = this.deps.db): Promise<StaffEvent> {
    const e = await db.selectFrom('ec_event').selectAll().where('id', '=', eventId).where('chamber_id', '=', chamberId).executeTakeFirst()
    if (!e) throw notFound('event')
    const [partners, counts] = await Promise.all([partnersOf(db, this.deps.crm, [e]), eventCounts(db, [e])])
    return toStaffEvent(e, partners, counts.get(e.id)!)
  }

  async create(chamberId: number, body: EventBody, ctx: AuditContext): Promise<StaffEvent> {
    const values = columns(body)
    checkShape({ venue: null, address: null, online_url: null, registration_closes_at: null, ...values } as EventRow)
    return this.deps.db.transaction().execute(async (tx) => {
      await this.checkPartners(tx, body.partnerIds)
      const { id } = await tx.insertInto('ec_event').values({
        ...values, chamber_id: chamberId, created_by: ctx.actorId,
      } as never).returning('id').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'experience.event.created', entity: 'ec_event', entityId: id, after: body })
      return this.get(chamberId, id, tx)
    })
  }

  /** Changes an event; a capacity below the seats taken is refused (409), a higher one offers the new seats to the waitlist. */
  async update(chamberId: number, eventId: number, body: EventPatch, ctx: AuditContext): Promise<StaffEvent> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.locked(tx, chamberId, eventId)
      if (before.status === 'cancelled') throw conflict('the event is cancelled', 'experience_event_cancelled')
      const values = columns(body)
      checkShape({ ...before, ...values })
      if (values.capacity !== undefined && values.capacity < before.seats_taken) {
        throw conflict('capacity below the seats taken', 'experience_capacity_below_taken', { seatsTaken: before.seats_taken, capacity: values.capacity },
          [fieldProblem('/capacity', 'experience_capacity_below_taken', 'capacity below the seats taken', { seatsTaken: before.seats_taken })])
      }
      if (body.partnerIds) await this.checkPartners(tx, body.partnerIds)
      await tx.updateTable('ec_event').set({ ...values, updated_at: sql`now()` } as never).where('id', '=', eventId).execute()
      await audit(tx, ctx, { chamberId, action: 'experience.event.updated', entity: 'ec_event', entityId: eventId, after: body })
      if (values.capacity !== undefined && values.capacity > before.capacity) await offerFreeSeats(tx, this.deps, ctx, eventId)
      return this.get(chamberId, eventId, tx)
    })
  }

  async publish(chamberId: number, eventId: number, ctx: AuditContext): Promise<StaffEvent> {
    return this.deps.db.transaction().execute(async (tx) => {
      const e = await this.locked(tx, chamberId, eventId)
      if (e.status === 'cancelled') throw conflict('the event is cancelled', 'experience_event_cancelled')
      if (e.status === 'draft') {
        await tx.updateTable('ec_event').set({ status: 'published', published_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', eventId).execute()
        await audit(tx, ctx, { chamberId, action: 'experience.event.published', entity: 'ec_event', entityId: eventId })
      }
      return this.get(chamberId, eventId, tx)
    })
  }

  /** Cancels the event: every live registration is cancelled and its person mailed. */
  async cancel(chamberId: number, eventId: number, ctx: AuditContext): Promise<StaffEvent> {
    return this.deps.db.transaction().execute(async (tx) => {
      const e = await this.locked(tx, chamberId, eventId)
      if (e.status !== 'cancelled') {
        await tx.updateTable('ec_event').set({ status: 'cancelled', seats_taken: 0, updated_at: sql`now()` }).where('id', '=', eventId).execute()
        // What each was before, for the partners' webhooks: the event's lock keeps them as read until the UPDATE.
        const before = new Map((await tx.selectFrom('ec_registration').select(['id', 'status']).where('event_id', '=', eventId)
          .where('status', 'in', ['confirmed', 'offered', 'waitlisted']).execute()).map((r) => [r.id, r.status]))
        const gone = await tx.updateTable('ec_registration').set({ status: 'cancelled', offer_expires_at: null, updated_at: sql`now()` })
          .where('event_id', '=', eventId).where('status', 'in', ['confirmed', 'offered', 'waitlisted'])
          .returning(['id', 'firm_id', 'contact_id']).execute()
        await audit(tx, ctx, { chamberId, action: 'experience.event.cancelled', entity: 'ec_event', entityId: eventId, after: { registrationsCancelled: gone.length } })
        await emitRegistrationChanges(this.deps.webhooks, tx, { id: eventId, chamberId },
          gone.map((r) => ({ id: r.id, firmId: r.firm_id, status: 'cancelled' as const, previous: (before.get(r.id) ?? 'confirmed') as RegistrationChange['status'] })))
        for (const r of gone) await this.deps.mails.eventCancelled(tx, { registrationId: r.id, eventId, firmId: r.firm_id, contactId: r.contact_id })
      }
      return this.get(chamberId, eventId, tx)
    })
  }

  private async locked(tx: Tx, chamberId: number, eventId: number): Promise<EventRow> {
    const e = await lockEvent(tx, eventId)
    if (!e || e.chamber_id !== chamberId) throw notFound('event')
    return e
  }

  private async checkPartners(tx: Tx, ids: readonly number[]): Promise<void> {
    const known = await this.deps.crm.partnerNames(tx, ids)
    const unknown = ids.map((id, i) => [id, i] as const).filter(([id]) => !known.has(id))
    if (unknown.length) throw badRequest('unknown partner', unknown.map(([, i]) => fieldProblem(`/partnerIds/${i}`, 'unknown_partner', 'no such partner')))
  }
}
