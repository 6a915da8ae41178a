import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { CheckinBody, DoorEntry } from '@pid/shared'
import type { Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../../core/errors.ts'
import { registrationTokenHash } from '../events/registration-token.ts'
import { doorEvent, registrationColumns, toEntry, type DoorEvent, type RegistrationRow } from './entries.ts'
import { recordAttendance, undoAttendance } from './attendance.ts'
import { scheduleAfterEvent } from './after-event.ts'
import { emitRegistrationChanges, type RegistrationChange } from '../events/registration-events.ts'

/** Registrations that hold a seat may come in; the others answer door_not_admitted with their status. */
const ADMITTED = ['confirmed', 'offered']

export type CheckinOutcome = { outcome: 'checked_in' | 'already_checked_in'; entry: DoorEntry }

async function findRegistration(tx: Tx, event: DoorEvent, b: Pick<CheckinBody, 'registrationId' | 'token'>): Promise<RegistrationRow> {
  if ((b.registrationId === undefined) === (b.token === undefined)) {
    throw badRequest('send either registrationId or token', [{ path: '/registrationId', message: 'one of registrationId or token' }], 'door_token_or_id')
  }
  let q = tx.selectFrom('ec_registration').select(registrationColumns).where('event_id', '=', event.id).where('chamber_id', '=', event.chamber_id)
  q = b.token !== undefined ? q.where('token_hash', '=', registrationTokenHash(b.token)) : q.where('id', '=', b.registrationId!)
  const reg = await q.executeTakeFirst()
  if (!reg) throw notFound('registration')
  return reg
}

const notAdmitted = (status: string) =>
  conflict(`a ${status} registration cannot be checked in`, 'door_not_admitted', { registrationStatus: status })

/** The device's clock may be wrong: a scan time in the future (or none) is now. */
const scanTime = (scannedAt: string | undefined, now: Date) => {
  const at = scannedAt ? new Date(scannedAt) : now
  return at > now ? now : at
}

/** The check-in the device's id already made, if any (a retry): the same answer, nothing written. */
async function priorCheckin(tx: Tx, event: DoorEvent, checkinId: string): Promise<RegistrationRow | null> {
  const prior = await tx.selectFrom('ec_checkin as c').innerJoin('ec_registration as r', 'r.id', 'c.registration_id')
    .select(registrationColumns.map((c) => `r.${c}` as const)).where('c.id', '=', checkinId).executeTakeFirst()
  if (!prior) return null
  if (prior.event_id !== event.id) throw conflict('this check-in id was used for another event', 'conflict')
  return prior
}

/**
 * Checks the registration in, once. The conditional UPDATE (checked_in_at still empty, a seat held)
 * is the rule: of two devices checking the same person in at once, the row lock lets one through
 * and the other finds it done ('already_checked_in'); the same device retrying (same id) finds its
 * own check-in and gets its first answer. The attendance goes on the firm's timeline in the same
 * transaction.
 */
export async function checkInRegistration(app: FastifyInstance, tx: Tx, ctx: AuditContext, event: DoorEvent, reg: RegistrationRow,
  checkinId: string, scannedAt?: string): Promise<CheckinOutcome> {
  if (!ADMITTED.includes(reg.status)) throw notAdmitted(reg.status)
  const now = new Date()
  const at = scanTime(scannedAt, now)
  const updated = await tx.updateTable('ec_registration').set({ checked_in_at: at, checked_in_by: ctx.actorId, updated_at: sql`now()` })
    .where('id', '=', reg.id).where('checked_in_at', 'is', null).where('status', 'in', ADMITTED)
    .returning(registrationColumns).executeTakeFirst()
  if (!updated) {
    // A concurrent request with the same id may have just committed it: then it is ours.
    const mine = await priorCheckin(tx, event, checkinId)
    const current = await tx.selectFrom('ec_registration').select(registrationColumns).where('id', '=', reg.id).executeTakeFirstOrThrow()
    if (mine) return { outcome: 'checked_in', entry: await toEntry(app, tx, current) }
    if (!ADMITTED.includes(current.status)) throw notAdmitted(current.status)
    return { outcome: 'already_checked_in', entry: await toEntry(app, tx, current) }
  }
  const inserted = await tx.insertInto('ec_checkin').values({ id: checkinId, registration_id: reg.id, scanned_at: at, by_user_id: ctx.actorId })
    .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst()
  if (!inserted) throw conflict('this check-in id was used for another registration', 'conflict')
  await recordAttendance(app, tx, ctx, event, updated, checkinId, at)
  await emitRegistrationChanges(app.webhooks, tx, { id: event.id, chamberId: event.chamber_id },
    [{ id: updated.id, firmId: updated.firm_id, status: 'attended', previous: updated.status as RegistrationChange['status'] }])
  await audit(tx, ctx, { chamberId: event.chamber_id, action: 'experience.door.checked_in', entity: 'ec_checkin', entityId: checkinId,
    after: { eventId: event.id, registrationId: reg.id, scannedAt: at.toISOString() } })
  await scheduleAfterEvent(app, tx, event)
  return { outcome: 'checked_in', entry: await toEntry(app, tx, updated) }
}

/** One check-in from the door (by QR token or registration id), in its own transaction. */
export async function checkIn(app: FastifyInstance, ctx: AuditContext, chamberId: number, eventId: number, b: CheckinBody): Promise<CheckinOutcome> {
  return app.db.transaction().execute(async (tx) => {
    const event = await doorEvent(tx, chamberId, eventId)
    const prior = await priorCheckin(tx, event, b.id)
    if (prior) return { outcome: 'checked_in' as const, entry: await toEntry(app, tx, prior) }
    if (event.status === 'cancelled') throw conflict('the event is cancelled', 'door_event_cancelled')
    const reg = await findRegistration(tx, event, b)
    return checkInRegistration(app, tx, ctx, event, reg, b.id, b.scannedAt)
  })
}

type BatchResult = { id: string; outcome: 'checked_in' | 'already_checked_in' | 'not_found' | 'not_admitted' | 'invalid'; entry: DoorEntry | null; status?: string }

/** The queue of a device that was offline: each item on its own (one refused never undoes another). */
export async function checkInBatch(app: FastifyInstance, ctx: AuditContext, chamberId: number, eventId: number, items: CheckinBody[]): Promise<BatchResult[]> {
  await doorEvent(app.db, chamberId, eventId)
  const results: BatchResult[] = []
  for (const item of items) {
    try {
      const r = await checkIn(app, ctx, chamberId, eventId, item)
      results.push({ id: item.id, outcome: r.outcome, entry: r.entry })
    } catch (err) {
      if (!(err instanceof HttpError)) throw err
      if (err.code === 'door_not_admitted') results.push({ id: item.id, outcome: 'not_admitted', entry: null, status: String(err.params?.registrationStatus) })
      else if (err.statusCode === 404) results.push({ id: item.id, outcome: 'not_found', entry: null })
      else results.push({ id: item.id, outcome: 'invalid', entry: null })
    }
  }
  return results
}

/** A mistake at the door: the check-in is undone and its attendance corrected on the firm's timeline. */
export async function undoCheckin(app: FastifyInstance, ctx: AuditContext, chamberId: number, eventId: number, registrationId: number): Promise<DoorEntry> {
  return app.db.transaction().execute(async (tx) => {
    const event = await doorEvent(tx, chamberId, eventId)
    const reg = await findRegistration(tx, event, { registrationId })
    const updated = await tx.updateTable('ec_registration').set({ checked_in_at: null, checked_in_by: null, updated_at: sql`now()` })
      .where('id', '=', reg.id).where('checked_in_at', 'is not', null).returning(registrationColumns).executeTakeFirst()
    if (!updated) throw conflict('the registration is not checked in', 'door_not_checked_in')
    await undoAttendance(app, tx, ctx, event, reg, ctx.actorId)
    await emitRegistrationChanges(app.webhooks, tx, { id: event.id, chamberId: event.chamber_id },
      [{ id: updated.id, firmId: updated.firm_id, status: updated.status as RegistrationChange['status'], previous: 'attended' }])
    await audit(tx, ctx, { chamberId: event.chamber_id, action: 'experience.door.checkin_undone', entity: 'ec_checkin', entityId: reg.id,
      before: { checkedInAt: reg.checked_in_at?.toISOString() ?? null }, after: { eventId: event.id, registrationId: reg.id } })
    return toEntry(app, tx, updated)
  })
}
