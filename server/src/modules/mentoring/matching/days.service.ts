import { sql } from 'kysely'
import type { BookMentoringSlotBody, CreateMentoringDayBody, CreateMentoringSlotBody, FirmMentoringSlot, MentoringDay, MentoringSlot } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import type { CrmService } from '../../crm/index.ts'
import { eventTitles, matchmakingEventOf } from '../../experience-center/index.ts'

const dayOf = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d))
const fmtTime = (d: Date) => d.toLocaleString('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })

/**
 * Matchmaking days (speed mentoring): days of slots with a mentor each; a slot is booked for one
 * firm by a conditional UPDATE (firm_id IS NULL), so two bookings at once leave exactly one winner;
 * a mentor is never in two slots starting at one time (a unique index) nor in overlapping ones.
 */
export class DaysService extends Service<{ db: Db; crm: CrmService }> {
  private async slotsOf(db: DbOrTx, dayIds: number[]): Promise<Map<number, MentoringSlot[]>> {
    const out = new Map<number, MentoringSlot[]>(dayIds.map((id) => [id, []]))
    if (!dayIds.length) return out
    const rows = await db.selectFrom('mentoring_slot as s').leftJoin('mentor as m', 'm.id', 's.mentor_id')
      .select(['s.id', 's.day_id', 's.starts_at', 's.minutes', 's.mentor_id', 'm.full_name', 's.firm_id', 's.topic', 's.booked_at'])
      .where('s.day_id', 'in', dayIds).orderBy('s.starts_at').orderBy('s.id').execute()
    const names = new Map((await this.deps.crm.firmCards(db, [...new Set(rows.flatMap((r) => (r.firm_id ? [r.firm_id] : [])))])).map((c) => [c.id, c.name]))
    for (const r of rows) {
      out.get(r.day_id)!.push({ id: r.id, dayId: r.day_id, startsAt: r.starts_at.toISOString(), minutes: r.minutes,
        mentor: r.mentor_id ? { id: r.mentor_id, name: r.full_name ?? '' } : null,
        firm: r.firm_id ? { id: r.firm_id, name: names.get(r.firm_id) ?? `#${r.firm_id}` } : null, topic: r.topic, bookedAt: r.booked_at?.toISOString() ?? null })
    }
    return out
  }

  private async toDays(db: DbOrTx, rows: { id: number; title: string; day: unknown; place: string; online_url: string | null; event_id: number | null }[]): Promise<MentoringDay[]> {
    const titles = await eventTitles(db, rows.flatMap((r) => (r.event_id === null ? [] : [r.event_id])))
    const slots = await this.slotsOf(db, rows.map((r) => r.id))
    return rows.map((r) => ({ id: r.id, title: r.title, day: dayOf(r.day), place: r.place, onlineUrl: r.online_url,
      event: r.event_id ? { id: r.event_id, title: titles.get(r.event_id) ?? '' } : null, slots: slots.get(r.id)! }))
  }

  private daysQuery(db: DbOrTx, chamberId: number) {
    return db.selectFrom('mentoring_day as d')
      .select(['d.id', 'd.title', sql<string>`d.day::text`.as('day'), 'd.place', 'd.online_url', 'd.event_id'])
      .where('d.chamber_id', '=', chamberId)
  }

  async list(chamberId: number): Promise<{ items: MentoringDay[] }> {
    const rows = await this.daysQuery(this.deps.db, chamberId).orderBy('d.day', 'desc').orderBy('d.id', 'desc').limit(100).execute()
    return { items: await this.toDays(this.deps.db, rows) }
  }

  async one(db: DbOrTx, chamberId: number, dayId: number): Promise<MentoringDay> {
    const row = await this.daysQuery(db, chamberId).where('d.id', '=', dayId).executeTakeFirst()
    if (!row) throw notFound('day')
    return (await this.toDays(db, [row]))[0]!
  }

  async create(chamberId: number, body: CreateMentoringDayBody, ctx: AuditContext): Promise<MentoringDay> {
    return this.deps.db.transaction().execute(async (tx) => {
      if (body.eventId != null && !(await matchmakingEventOf(tx, chamberId, body.eventId))) {
        throw badRequest('no such matchmaking event here', [fieldProblem('/eventId', 'mentoring_unknown_event', "not a matchmaking event of this chamber")])
      }
      const { id } = await tx.insertInto('mentoring_day').values({ chamber_id: chamberId, title: body.title.trim(), day: body.day, place: body.place?.trim() ?? '',
        online_url: body.onlineUrl ?? null, event_id: body.eventId ?? null, created_by: ctx.actorId }).returning('id').executeTakeFirstOrThrow()
      const day = await this.one(tx, chamberId, id)
      await audit(tx, ctx, { chamberId, action: 'mentoring.day.created', entity: 'mentoring_day', entityId: id, after: day })
      return day
    })
  }

  async addSlot(chamberId: number, dayId: number, body: CreateMentoringSlotBody, ctx: AuditContext): Promise<MentoringDay> {
    return this.deps.db.transaction().execute(async (tx) => {
      await this.one(tx, chamberId, dayId)
      const startsAt = new Date(body.startsAt)
      if (body.mentorId != null) {
        const mentor = await tx.selectFrom('mentor').select('id').where('id', '=', body.mentorId).forUpdate().executeTakeFirst()
        if (!mentor) throw badRequest('no such mentor', [fieldProblem('/mentorId', 'mentoring_unknown_mentor', 'no such mentor')])
        // Overlapping slots of the mentor (the unique index catches the same start even between two transactions).
        const busy = await tx.selectFrom('mentoring_slot').select('id').where('mentor_id', '=', body.mentorId)
          .where(sql<boolean>`tstzrange(starts_at, starts_at + make_interval(mins => minutes::int)) && tstzrange(${startsAt}::timestamptz, ${startsAt}::timestamptz + make_interval(mins => ${body.minutes}::int))`)
          .executeTakeFirst()
        if (busy) throw conflict('the mentor is in another slot at that time', 'mentoring_mentor_busy')
      }
      let id: number
      try {
        ({ id } = await tx.insertInto('mentoring_slot').values({ day_id: dayId, mentor_id: body.mentorId ?? null, starts_at: startsAt, minutes: body.minutes,
          topic: body.topic?.trim() || null }).returning('id').executeTakeFirstOrThrow())
      } catch (e) {
        if ((e as { code?: string }).code === '23505') throw conflict('the mentor is in another slot at that time', 'mentoring_mentor_busy')
        throw e
      }
      await audit(tx, ctx, { chamberId, action: 'mentoring.slot.created', entity: 'mentoring_slot', entityId: id, after: { dayId, ...body } })
      return this.one(tx, chamberId, dayId)
    })
  }

  private async slotIn(db: DbOrTx, chamberId: number, dayId: number, slotId: number) {
    const s = await db.selectFrom('mentoring_slot as s').innerJoin('mentoring_day as d', 'd.id', 's.day_id')
      .select(['s.id', 's.starts_at', 's.firm_id', 'd.title']).where('s.id', '=', slotId).where('s.day_id', '=', dayId).where('d.chamber_id', '=', chamberId)
      .executeTakeFirst()
    if (!s) throw notFound('slot')
    return s
  }

  /** Books a free slot for a firm: one UPDATE that only a free slot passes. */
  private async bookIn(db: Db, chamberId: number, dayId: number, slotId: number, firmId: number, topic: string | undefined, ctx: AuditContext) {
    return db.transaction().execute(async (tx) => {
      const slot = await this.slotIn(tx, chamberId, dayId, slotId)
      const done = await tx.updateTable('mentoring_slot').set({ firm_id: firmId, topic: topic?.trim() || sql`topic`, booked_at: sql`now()`, booked_by: ctx.actorId })
        .where('id', '=', slotId).where('firm_id', 'is', null).returning('id').executeTakeFirst()
      if (!done) throw conflict('the slot is taken', 'mentoring_slot_taken')
      await audit(tx, ctx, { chamberId, action: 'mentoring.slot.booked', entity: 'mentoring_slot', entityId: slotId, after: { firmId } })
      await this.deps.crm.recordEvent(tx, ctx, { firmId, type: 'mentoring', sourceModule: 'mentoring',
        summary: `Prenotato un incontro di speed mentoring (${slot.title}, ${fmtTime(slot.starts_at)})`, details: { mentoringSlotId: slotId, dayId } })
    })
  }

  async book(chamberId: number, dayId: number, slotId: number, body: BookMentoringSlotBody, ctx: AuditContext): Promise<MentoringDay> {
    const firm = await this.deps.crm.firmProfile(this.deps.db, body.firmId)
    if (!firm || firm.chamberId !== chamberId) throw badRequest('no such firm here', [fieldProblem('/firmId', 'mentoring_unknown_firm', 'the firm is not one of this chamber')])
    await this.bookIn(this.deps.db, chamberId, dayId, slotId, firm.id, body.topic, ctx)
    return this.one(this.deps.db, chamberId, dayId)
  }

  async cancelBooking(chamberId: number, dayId: number, slotId: number, ctx: AuditContext, onlyFirmId?: number): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const slot = await this.slotIn(tx, chamberId, dayId, slotId)
      if (onlyFirmId !== undefined && slot.firm_id !== onlyFirmId) throw notFound('slot')
      const done = await tx.updateTable('mentoring_slot').set({ firm_id: null, booked_at: null, booked_by: null })
        .where('id', '=', slotId).where('firm_id', 'is not', null).returning('id').executeTakeFirst()
      if (!done) throw conflict('the slot is not booked', 'mentoring_slot_taken')
      await audit(tx, ctx, { chamberId, action: 'mentoring.slot.cancelled', entity: 'mentoring_slot', entityId: slotId, before: { firmId: slot.firm_id } })
    })
  }

  async mentorOptions(): Promise<{ items: { id: number; name: string; chamberName: string }[] }> {
    const rows = await this.deps.db.selectFrom('mentor as m').innerJoin('chamber as c', 'c.id', 'm.chamber_id')
      .select(['m.id', 'm.full_name', 'c.short_name']).where('m.status', '=', 'active').orderBy('m.full_name').orderBy('m.id').limit(500).execute()
    return { items: rows.map((r) => ({ id: r.id, name: r.full_name, chamberName: r.short_name })) }
  }

  // The firm's side: the slots of its chamber's coming days.

  async firmSlots(chamberId: number, firmId: number): Promise<{ items: FirmMentoringSlot[] }> {
    const rows = await this.deps.db.selectFrom('mentoring_slot as s').innerJoin('mentoring_day as d', 'd.id', 's.day_id')
      .leftJoin('mentor as m', 'm.id', 's.mentor_id')
      .select(['s.id', 'd.title', sql<string>`d.day::text`.as('day'), 'd.place', 'd.online_url', 's.starts_at', 's.minutes', 'm.full_name', 's.firm_id'])
      .where('d.chamber_id', '=', chamberId).where('d.day', '>=', sql<string>`current_date`)
      .orderBy('s.starts_at').orderBy('s.id').limit(300).execute()
    return { items: rows.map((r) => ({ id: r.id, dayTitle: r.title, day: r.day, place: r.place, onlineUrl: r.online_url, startsAt: r.starts_at.toISOString(),
      minutes: r.minutes, mentorName: r.full_name ?? null, free: r.firm_id === null, mine: r.firm_id === firmId })) }
  }

  private async firmSlotDay(chamberId: number, slotId: number): Promise<number> {
    const s = await this.deps.db.selectFrom('mentoring_slot as s').innerJoin('mentoring_day as d', 'd.id', 's.day_id').select('d.id')
      .where('s.id', '=', slotId).where('d.chamber_id', '=', chamberId).where('d.day', '>=', sql<string>`current_date`).executeTakeFirst()
    if (!s) throw notFound('slot')
    return s.id
  }

  async firmBook(chamberId: number, firmId: number, slotId: number, topic: string | undefined, ctx: AuditContext) {
    await this.bookIn(this.deps.db, chamberId, await this.firmSlotDay(chamberId, slotId), slotId, firmId, topic, ctx)
    return this.firmSlots(chamberId, firmId)
  }

  async firmCancel(chamberId: number, firmId: number, slotId: number, ctx: AuditContext) {
    await this.cancelBooking(chamberId, await this.firmSlotDay(chamberId, slotId), slotId, ctx, firmId)
    return this.firmSlots(chamberId, firmId)
  }
}
