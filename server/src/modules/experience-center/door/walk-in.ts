import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { WalkInBody } from '@pid/shared'
import type { AuditContext } from '../../../core/audit.ts'
import { audit } from '../../../core/audit.ts'
import { conflict } from '../../../core/errors.ts'
import { takeSeat } from '../events/seats.ts'
import { newRegistrationToken } from '../events/registration-token.ts'
import { doorEvent, registrationColumns, toEntry } from './entries.ts'
import { checkInRegistration, type CheckinOutcome } from './checkin.ts'
import { emitRegistrationChanges } from '../events/registration-events.ts'

/** The version of the consent text the door's form shows (client: door.walkIn.consentText). */
export const WALK_IN_CONSENT_TEXT = 'door-walk-in-2026-1'

/**
 * Someone who came without registering: the firm and the person enter the CRM (found or created as
 * a prospect, with the consents given at the door), a place is taken and the registration is
 * confirmed and checked in at once (source 'walk_in'). No place left: 409 event_full, nothing
 * written. The rule is capacity, even at the door: the room's size (and its safety limits) is what
 * capacity says; staff who see no-shows may raise the capacity in the event's editor and try again.
 * Walk-ins of an event are serialised on the event's row (the first statement locks it), so the
 * same person arriving on two tablets at once is registered once. Someone already registered is
 * simply checked in (a waitlisted person takes a free place, if any).
 */
export async function walkIn(app: FastifyInstance, ctx: AuditContext, chamberId: number, eventId: number, b: WalkInBody): Promise<CheckinOutcome> {
  return app.db.transaction().execute(async (tx) => {
    const event = await doorEvent(tx, chamberId, eventId, true)
    const prior = await tx.selectFrom('ec_checkin as c').innerJoin('ec_registration as r', 'r.id', 'c.registration_id')
      .select(registrationColumns.map((c) => `r.${c}` as const)).where('c.id', '=', b.id).executeTakeFirst()
    if (prior) {
      if (prior.event_id !== event.id) throw conflict('this check-in id was used for another event', 'conflict')
      return { outcome: 'checked_in' as const, entry: await toEntry(app, tx, prior) }
    }
    if (event.status === 'cancelled') throw conflict('the event is cancelled', 'door_event_cancelled')
    const enrolled = await app.crm.enrolFirmPerson(tx, ctx, {
      chamberId, firmCode: b.firmCode, firmName: b.firmName, consents: b.consents, consentTextVersion: WALK_IN_CONSENT_TEXT,
      person: { firstName: b.firstName, lastName: b.lastName, email: b.email, phone: b.phone ?? null }, source: 'event_walk_in',
    })
    const live = await tx.selectFrom('ec_registration').select(registrationColumns).where('event_id', '=', event.id)
      .where('contact_id', '=', enrolled.contactId).where('status', 'in', ['confirmed', 'offered', 'waitlisted']).executeTakeFirst()
    let reg = live
    if (live?.status === 'waitlisted') {
      if (!await takeSeat(tx, event.id)) throw conflict('no place is left', 'event_full', { capacity: event.capacity })
      reg = await tx.updateTable('ec_registration').set({ status: 'confirmed', offer_expires_at: null, updated_at: sql`now()` })
        .where('id', '=', live.id).returning(registrationColumns).executeTakeFirstOrThrow()
    } else if (!live) {
      if (!await takeSeat(tx, event.id)) throw conflict('no place is left', 'event_full', { capacity: event.capacity })
      // The personal link is made anew after the event (certificate and survey mail): only its hash is kept now.
      reg = await tx.insertInto('ec_registration').values({
        event_id: event.id, chamber_id: event.chamber_id, firm_id: enrolled.firmId, contact_id: enrolled.contactId,
        status: 'confirmed', source: 'walk_in', token_hash: newRegistrationToken().hash,
      }).returning(registrationColumns).executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'experience.door.walk_in', entity: 'ec_checkin', entityId: b.id,
        after: { eventId: event.id, registrationId: reg.id, firmId: enrolled.firmId, firmCreated: enrolled.firmCreated, consents: b.consents } })
    }
    if (reg !== live) {
      await emitRegistrationChanges(app.webhooks, tx, { id: event.id, chamberId: event.chamber_id },
        [{ id: reg!.id, firmId: reg!.firm_id, status: 'confirmed', previous: live ? 'waitlisted' : null }])
    }
    const result = await checkInRegistration(app, tx, ctx, event, reg!, b.id)
    if (!live && enrolled.firmCreated) {
      await tx.updateTable('ec_checkin_effect').set({ new_prospect: true }).where('checkin_id', '=', b.id).execute()
    }
    return result
  })
}
