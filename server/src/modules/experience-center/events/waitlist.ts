import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { takeSeat } from './seats.ts'
import type { EventMails } from './mails.ts'
import type { Webhooks } from '../../partner-api/index.ts'
import { emitRegistrationChanges } from './registration-events.ts'

/** The job that moves an offer past its time on to the next in the waitlist (one delayed job per offer). */
export const OFFER_EXPIRY_JOB = 'experience.offer-expiry'

export interface WaitlistDeps {
  mails: EventMails
  /** Partners hear of their firms' registrations (event.registration.changed). */
  webhooks: Webhooks
  /** Sends the offer's expiry job in the caller's transaction. */
  scheduleExpiry(tx: Tx, eventId: number, at: Date): Promise<void>
}

/**
 * Locks the event's row for the rest of the transaction: every change of seats of one event
 * (a release, an offer, a capacity change) runs one at a time, so the waitlist's head is offered
 * once and the seat count stays exact.
 */
export async function lockEvent(tx: Tx, eventId: number) {
  return tx.selectFrom('ec_event').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst()
}

/** Gives back one seat of the event (a confirmed or offered registration left), then offers free seats to the waitlist. */
export async function releaseSeat(tx: Tx, deps: WaitlistDeps, ctx: AuditContext, eventId: number): Promise<number> {
  await lockEvent(tx, eventId)
  await tx.updateTable('ec_event').set({ seats_taken: sql`seats_taken - 1` }).where('id', '=', eventId).execute()
  return offerFreeSeats(tx, deps, ctx, eventId)
}

/**
 * While the event has a free seat and someone waits, the first waitlisted (arrival order: id) is
 * offered the seat (taken for them by takeSeat) until offer_hours from now, and mailed a link to
 * confirm. Only for a published event still to come. The caller holds the event's lock. Answers
 * how many were offered a place.
 */
export async function offerFreeSeats(tx: Tx, deps: WaitlistDeps, ctx: AuditContext, eventId: number): Promise<number> {
  const event = await tx.selectFrom('ec_event').select(['id', 'chamber_id', 'status', 'starts_at', 'offer_hours', 'title'])
    .where('id', '=', eventId).executeTakeFirstOrThrow()
  if (event.status !== 'published' || new Date(event.starts_at) <= new Date()) return 0
  let offered = 0
  for (;;) {
    // A waitlisted person cancelling at this very moment holds their row: skip them, they are leaving.
    const next = await tx.selectFrom('ec_registration').select(['id', 'firm_id', 'contact_id']).where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted').orderBy('id').limit(1).forUpdate().skipLocked().executeTakeFirst()
    if (!next) break
    if (!await takeSeat(tx, eventId)) break
    const expiresAt = new Date(Date.now() + event.offer_hours * 3600_000)
    await tx.updateTable('ec_registration').set({ status: 'offered', offer_expires_at: expiresAt, updated_at: sql`now()` })
      .where('id', '=', next.id).execute()
    await emitRegistrationChanges(deps.webhooks, tx, { id: eventId, chamberId: event.chamber_id },
      [{ id: next.id, firmId: next.firm_id, status: 'offered', previous: 'waitlisted' }])
    await audit(tx, ctx, { chamberId: event.chamber_id, action: 'experience.registration.offered', entity: 'ec_registration',
      entityId: next.id, after: { eventId, offerExpiresAt: expiresAt.toISOString() } })
    await deps.mails.offer(tx, { registrationId: next.id, eventId, firmId: next.firm_id, contactId: next.contact_id, expiresAt })
    await deps.scheduleExpiry(tx, eventId, expiresAt)
    offered++
  }
  return offered
}

/**
 * Offers of the event past their time become 'expired' and their seats go to the next in line.
 * Idempotent and safe with several workers: the event's lock serialises them, and the conditional
 * UPDATE moves only offers still open and past due.
 */
export async function expireOffers(tx: Tx, deps: WaitlistDeps, ctx: AuditContext, eventId: number): Promise<number> {
  const event = await lockEvent(tx, eventId)
  if (!event) return 0
  const expired = await tx.updateTable('ec_registration').set({ status: 'expired', offer_expires_at: null, updated_at: sql`now()` })
    .where('event_id', '=', eventId).where('status', '=', 'offered').where('offer_expires_at', '<=', sql<Date>`now()`)
    .returning(['id', 'firm_id']).execute()
  if (expired.length === 0) return 0
  await emitRegistrationChanges(deps.webhooks, tx, { id: eventId, chamberId: event.chamber_id },
    expired.map((r) => ({ id: r.id, firmId: r.firm_id, status: 'expired' as const, previous: 'offered' as const })))
  await tx.updateTable('ec_event').set({ seats_taken: sql`seats_taken - ${expired.length}` }).where('id', '=', eventId).execute()
  for (const r of expired) {
    await audit(tx, ctx, { chamberId: event.chamber_id, action: 'experience.registration.expired', entity: 'ec_registration', entityId: r.id })
  }
  await offerFreeSeats(tx, deps, ctx, eventId)
  return expired.length
}

/** 1-based waitlist places of some waitlisted registrations of an event. */
export async function waitlistPositions(tx: DbOrTx, eventId: number): Promise<Map<number, number>> {
  const rows = await tx.selectFrom('ec_registration').select('id').where('event_id', '=', eventId).where('status', '=', 'waitlisted')
    .orderBy('id').execute()
  return new Map(rows.map((r, i) => [r.id, i + 1]))
}
