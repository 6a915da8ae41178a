import type { FastifyInstance } from 'fastify'
import type { Stage, TimelineType } from '@pid/shared'
import type { Tx } from '../../../db/database.ts'
import type { AuditContext } from '../../../core/audit.ts'
import type { DoorEvent, RegistrationRow } from './entries.ts'

/**
 * What attending proves about the firm (shared/src/crm/domain.ts, DOMAIN.md's awareness path):
 * seminars, guided visits, webinars and matchmaking days inform (stage 1, 'event_attendance');
 * taking part in a workshop or a living lab is taking part in a shared experiment, which the path
 * names as stage 5 ("takes part in shared experiments (workshops, living labs)"): 'workshop'.
 */
export const attendanceType = (kind: string): TimelineType => (kind === 'workshop' || kind === 'living_lab' ? 'workshop' : 'event_attendance')

const KIND_IT: Record<string, string> = {
  seminar: 'seminario', workshop: 'workshop', living_lab: 'living lab', guided_visit: 'visita guidata', webinar: 'webinar',
  matchmaking_day: 'giornata di incontri',
}

/**
 * Puts the attendance on the firm's timeline in the check-in's transaction, and keeps what it did
 * (the touch, the stage it moved) next to the check-in, so an undo can take it back. Recorded at
 * check-in rather than at the event's end: staff see it on the firm's page at once, and an undo
 * (the mistakes happen at the door, minutes later) corrects it (see undoAttendance).
 */
export async function recordAttendance(app: FastifyInstance, tx: Tx, ctx: AuditContext, event: DoorEvent, reg: RegistrationRow,
  checkinId: string, at: Date): Promise<void> {
  const type = attendanceType(event.kind)
  const recorded = await app.crm.recordEvent(tx, ctx, {
    firmId: reg.firm_id, contactId: reg.contact_id, type, occurredAt: at, sourceModule: 'experience',
    summary: `Presenza al ${KIND_IT[event.kind] ?? 'evento'} «${event.title}»`,
    details: { eventId: event.id, registrationId: reg.id, checkinId, kind: event.kind },
  })
  // The stage before is known only when the rule says it: 'event_attendance' moves only a firm at 0.
  const before = recorded.stageChanged ? (type === 'event_attendance' ? 0 : null) : null
  await tx.insertInto('ec_checkin_effect').values({
    checkin_id: checkinId, registration_id: reg.id, timeline_event_id: recorded.id,
    stage_before: before, stage_after: recorded.stageChanged ? recorded.stage : null,
  }).execute()
}

/**
 * A check-in undone leaves no false attendance: the touch cannot be deleted through the CRM (the
 * timeline is a history), so a note on the timeline says that the attendance was recorded by
 * mistake, pointing at it; and when the check-in moved the stage and the firm is still where it
 * put it, the stage goes back (by the CRM's setStage, with that reason). When the stage before is
 * unknown (a workshop moves from any stage below 5) the note asks staff to review it.
 */
export async function undoAttendance(app: FastifyInstance, tx: Tx, ctx: AuditContext, event: DoorEvent, reg: RegistrationRow,
  actorId: number | null): Promise<void> {
  const effect = await tx.updateTable('ec_checkin_effect').set({ undone_at: new Date(), undone_by: actorId })
    .where('registration_id', '=', reg.id).where('undone_at', 'is', null)
    .returning(['checkin_id', 'timeline_event_id', 'stage_before', 'stage_after']).executeTakeFirst()
  if (!effect) return
  const unknownStage = effect.stage_after !== null && effect.stage_before === null
  const note = await app.crm.recordEvent(tx, ctx, {
    firmId: reg.firm_id, contactId: reg.contact_id, type: 'note', sourceModule: 'experience',
    summary: `Ingresso annullato: la presenza a «${event.title}» era stata registrata per errore`
      + (unknownStage ? '; verificare lo stadio di consapevolezza' : ''),
    details: { eventId: event.id, registrationId: reg.id, correctsEventId: effect.timeline_event_id, checkinId: effect.checkin_id },
  })
  if (effect.stage_before !== null && effect.stage_after !== null && note.stage === effect.stage_after) {
    await app.crm.setStage(tx, ctx, reg.firm_id, effect.stage_before as Stage, `Ingresso annullato a «${event.title}»: lo stadio torna a prima della presenza`)
  }
}
