import { sql } from 'kysely'
import { DEMO_CALENDAR_MAX_DAYS, type CreateDemoBookingBody, type DemoBooking, type DemoCalendar, type DemoCalendarQuery, type DemoEventOption } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, HttpError, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService, FirmAccess } from '../../crm/index.ts'
import { equipmentOf } from './equipment.service.ts'

/** The start of a Rome day as an instant, in SQL. */
const romeMidnight = (day: unknown) => sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Rome'`
/** The end of a Rome day: the next day's start (not +24 hours, which is wrong on the days the clocks change). */
const romeDayEnd = (day: unknown) => sql<Date>`(${day}::date + 1)::timestamp at time zone 'Europe/Rome'`
const DAY_MS = 24 * 3600 * 1000

interface BookingRow {
  id: number; equipment_id: number; equipment_name: string; firm_id: number | null; event_id: number | null; event_title: string | null
  starts_at: Date; ends_at: Date; purpose: string; notes: string; status: string; held_at: Date | null; cancelled_at: Date | null; created_at: Date
}

function bookingsQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('ec_demo_booking as b')
    .innerJoin('ec_equipment as q', 'q.id', 'b.equipment_id')
    .leftJoin('ec_event as e', 'e.id', 'b.event_id')
    .select(['b.id', 'b.equipment_id', 'q.name as equipment_name', 'b.firm_id', 'b.event_id', 'e.title as event_title',
      sql<Date>`lower(b.period)`.as('starts_at'), sql<Date>`upper(b.period)`.as('ends_at'),
      'b.purpose', 'b.notes', 'b.status', 'b.held_at', 'b.cancelled_at', 'b.created_at'])
    .where('b.chamber_id', '=', chamberId)
}

/**
 * Demos booked on the area's equipment for a firm or an event. That one item is never booked twice
 * at one time is the exclusion constraint's to enforce (migration 0038): two requests made at the
 * same moment both pass every check here, and the database lets exactly one of them in.
 */
export class BookingsService extends Service<{ db: Db; crm: CrmService }> {
  private async toBookings(db: DbOrTx, rows: BookingRow[]): Promise<DemoBooking[]> {
    const firmIds = [...new Set(rows.flatMap((r) => (r.firm_id === null ? [] : [r.firm_id])))]
    const names = new Map((await this.deps.crm.firmCards(db, firmIds)).map((c) => [c.id, c.name]))
    return rows.map((r) => ({
      id: r.id, equipmentId: r.equipment_id, equipmentName: r.equipment_name,
      firm: r.firm_id === null ? null : { id: r.firm_id, name: names.get(r.firm_id) ?? `#${r.firm_id}` },
      event: r.event_id === null ? null : { id: r.event_id, title: r.event_title ?? '' },
      startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), purpose: r.purpose, notes: r.notes,
      status: r.status as DemoBooking['status'], heldAt: r.held_at?.toISOString() ?? null, cancelledAt: r.cancelled_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    }))
  }

  async one(db: DbOrTx, chamberId: number, bookingId: number): Promise<DemoBooking> {
    const row = await bookingsQuery(db, chamberId).where('b.id', '=', bookingId).executeTakeFirst()
    if (!row) throw notFound('booking')
    return (await this.toBookings(db, [row]))[0]!
  }

  /** The items lent in the window (Rome days from..to) and the bookings that touch it; one item's when asked. */
  async calendar(chamberId: number, q: DemoCalendarQuery): Promise<DemoCalendar> {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS
    if (days < 0) throw badRequest('the window ends before it starts', [fieldProblem('/query/to', 'ends_before_start', 'to is before from')])
    if (days >= DEMO_CALENDAR_MAX_DAYS) {
      throw badRequest(`at most ${DEMO_CALENDAR_MAX_DAYS} days at once`, [fieldProblem('/query/to', 'window_too_wide', 'the window is too wide', { max: DEMO_CALENDAR_MAX_DAYS })])
    }
    const db = this.deps.db
    if (q.equipmentId !== undefined) await equipmentOf(db, chamberId, q.equipmentId)
    let items = db.selectFrom('ec_equipment').select(['id', 'name', 'category', 'location', 'condition', 'loan_from', 'loan_to'])
      .where('chamber_id', '=', chamberId).where('loan_from', '<=', q.to).where('loan_to', '>=', q.from)
    if (q.equipmentId !== undefined) items = items.where('id', '=', q.equipmentId)
    const window = sql`tstzrange(${romeMidnight(q.from)}, ${romeDayEnd(q.to)}, '[)')`
    let bookings = bookingsQuery(db, chamberId).where(sql<boolean>`b.period && ${window}`)
    if (q.equipmentId !== undefined) bookings = bookings.where('b.equipment_id', '=', q.equipmentId)
    if (!q.includeCancelled) bookings = bookings.where('b.status', '=', 'booked')
    const [equipment, rows] = await Promise.all([items.orderBy('name').orderBy('id').execute(),
      bookings.orderBy(sql`lower(b.period)`).orderBy('b.id').execute()])
    return {
      from: q.from, to: q.to,
      equipment: equipment.map((e) => ({ id: e.id, name: e.name, category: e.category, location: e.location, condition: e.condition,
        loanFrom: e.loan_from, loanTo: e.loan_to })),
      bookings: await this.toBookings(db, rows),
    }
  }

  async create(access: FirmAccess, body: CreateDemoBookingBody, ctx: AuditContext): Promise<DemoBooking> {
    const chamberId = access.chamberId
    const startsAt = new Date(body.startsAt)
    const endsAt = new Date(body.endsAt)
    if (!(endsAt.getTime() > startsAt.getTime())) {
      throw badRequest('the booking ends before it starts', [fieldProblem('/endsAt', 'ends_before_start', 'endsAt must be after startsAt')])
    }
    if ((body.firmId === undefined) === (body.eventId === undefined)) {
      throw badRequest('book for a firm or for an event', [fieldProblem('/firmId', 'demo_one_target', 'give exactly one of firmId and eventId')])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      // A share lock: bookings of the item go on side by side, an edit of the item waits for them.
      const item = await equipmentOf(tx, chamberId, body.equipmentId, 'share')
      if (item.condition === 'out_of_service') {
        throw conflict('the item is out of service', 'demo_equipment_out_of_service', { equipment: item.name })
      }
      const { within } = await sql<{ within: boolean }>`select tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)')
        <@ tstzrange(${romeMidnight(item.loan_from)}, ${romeDayEnd(item.loan_to)}, '[)') as within`
        .execute(tx).then((r) => r.rows[0]!)
      if (!within) {
        throw new HttpError(422, 'demo_booking_outside_loan', 'the booking falls outside the loan period', undefined,
          { params: { loanFromDate: item.loan_from, loanToDate: item.loan_to } })
      }
      if (body.firmId !== undefined) {
        const visible = await this.deps.crm.visibleFirmIds(tx, access).where('f.id', '=', body.firmId).executeTakeFirst()
        if (!visible) throw badRequest('no such firm here', [fieldProblem('/firmId', 'unknown_firm', 'the firm is not one of this chamber')])
      } else {
        const event = await tx.selectFrom('ec_event').select('id').where('id', '=', body.eventId!).where('chamber_id', '=', chamberId)
          .where('status', '<>', 'cancelled').executeTakeFirst()
        if (!event) throw badRequest('no such event here', [fieldProblem('/eventId', 'unknown_event', 'the event is not one of this chamber')])
      }
      let id: number
      try {
        ({ id } = await tx.insertInto('ec_demo_booking').values({
          chamber_id: chamberId, equipment_id: item.id, firm_id: body.firmId ?? null, event_id: body.eventId ?? null,
          period: sql<string>`tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)')`,
          purpose: body.purpose ?? '', notes: body.notes ?? '', created_by: ctx.actorId,
        }).returning('id').executeTakeFirstOrThrow())
      } catch (e) {
        // SQLSTATE 23P01: the exclusion constraint refused an overlap with a live booking of the item.
        if ((e as { code?: string }).code === '23P01') {
          throw conflict('the item is already booked at that time', 'booking_overlap', { equipment: item.name })
        }
        throw e
      }
      const booking = await this.one(tx, chamberId, id)
      await audit(tx, ctx, { chamberId, action: 'experience.demo.booking_created', entity: 'ec_demo_booking', entityId: id, after: booking })
      return booking
    })
  }

  /**
   * The chamber's events a demo may be booked for: those not cancelled, from a month ago on. The
   * events' own routes belong to the events part; this reads the same module's table for a picker.
   */
  async eventOptions(chamberId: number): Promise<DemoEventOption[]> {
    const rows = await this.deps.db.selectFrom('ec_event').select(['id', 'title', 'starts_at', 'ends_at'])
      .where('chamber_id', '=', chamberId).where('status', '<>', 'cancelled')
      .where('ends_at', '>=', sql<Date>`now() - interval '30 days'`).orderBy('starts_at').orderBy('id').limit(200).execute()
    return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString() }))
  }

  /** Cancels a live booking not yet held: its time is free again (the constraint counts live bookings only). */
  async cancel(chamberId: number, bookingId: number, ctx: AuditContext): Promise<DemoBooking> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.one(tx, chamberId, bookingId)
      const done = await tx.updateTable('ec_demo_booking').set({ status: 'cancelled', cancelled_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', bookingId).where('chamber_id', '=', chamberId).where('status', '=', 'booked').where('held_at', 'is', null)
        .returning('id').executeTakeFirst()
      if (!done) throw conflict('the booking is cancelled or held already', 'demo_booking_not_booked')
      const after = await this.one(tx, chamberId, bookingId)
      await audit(tx, ctx, { chamberId, action: 'experience.demo.booking_cancelled', entity: 'ec_demo_booking', entityId: bookingId, before, after })
      return after
    })
  }

  /**
   * Marks the demo as held, once it has started. That is when a firm has experienced something, so
   * that is when it lands on the firm's timeline, as a 'desk_visit': the firm came to the PID (the
   * demo area is part of its experience centre) and saw the technology at work, which makes it
   * "informed" (stage 1) - neither an event's attendance nor a workshop, which implies stage 5.
   */
  async markHeld(chamberId: number, bookingId: number, ctx: AuditContext): Promise<DemoBooking> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.one(tx, chamberId, bookingId)
      if (before.heldAt !== null) return before
      const done = await tx.updateTable('ec_demo_booking').set({ held_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', bookingId).where('chamber_id', '=', chamberId).where('status', '=', 'booked').where('held_at', 'is', null)
        .where(sql<boolean>`lower(period) <= now()`)
        .returning('id').executeTakeFirst()
      if (!done) {
        if (before.status !== 'booked') throw conflict('the booking is cancelled', 'demo_booking_not_booked')
        throw conflict('the demo has not started yet', 'demo_booking_not_started', { startsAt: before.startsAt })
      }
      const after = await this.one(tx, chamberId, bookingId)
      if (after.firm) {
        await this.deps.crm.recordEvent(tx, ctx, {
          firmId: after.firm.id, type: 'desk_visit', sourceModule: 'experience-center', occurredAt: new Date(after.startsAt),
          summary: `Dimostrazione nell'area demo del PID: ${after.equipmentName}${after.purpose ? ` (${after.purpose})` : ''}`,
          details: { demoBookingId: after.id, equipmentId: after.equipmentId, startsAt: after.startsAt, endsAt: after.endsAt },
        })
      }
      await audit(tx, ctx, { chamberId, action: 'experience.demo.booking_held', entity: 'ec_demo_booking', entityId: bookingId, before, after })
      return after
    })
  }
}
