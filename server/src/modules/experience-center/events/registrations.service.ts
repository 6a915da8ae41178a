import { sql } from 'kysely'
import QRCode from 'qrcode'
import type { PersonalRegistration, PublicRegistrationBody, RegistrationList, RegistrationOutcome, RegistrationStatus } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import { partnersOf, registrationRefusal, toPublicEvent } from './event-rows.ts'
import { registrationTokenHash } from './registration-token.ts'
import { registrationToken } from './registration-link.ts'
import { lockEvent, releaseSeat, waitlistPositions, type WaitlistDeps } from './waitlist.ts'
import { takeSeat } from './seats.ts'

export interface RegistrationsDeps extends WaitlistDeps {
  db: Db
  crm: CrmService
  secret: string
}

const LIVE = ['confirmed', 'offered', 'waitlisted'] as const

/** Public registration, the personal page's actions, and the staff's list of an event's registrations. */
export class RegistrationsService {
  private readonly deps: RegistrationsDeps
  constructor(deps: RegistrationsDeps) { this.deps = deps }

  /**
   * Registers a person of a firm (found in the CRM or made a prospect): a seat if one is left
   * (takeSeat, last in the transaction), else the waitlist. The same person twice answers their
   * live registration and takes nothing more.
   */
  async register(eventId: number, body: PublicRegistrationBody, ctx: AuditContext): Promise<{ created: boolean; outcome: RegistrationOutcome }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const event = await tx.selectFrom('ec_event').selectAll().where('id', '=', eventId).executeTakeFirst()
      if (!event || event.status === 'draft') throw notFound('event')
      const refusal = registrationRefusal(event, new Date())
      if (refusal) throw conflict('registrations are not taken', refusal)
      const who = await this.deps.crm.enrolFirmPerson(tx, ctx, {
        chamberId: event.chamber_id, firmCode: body.firmCode, firmName: body.firmName, source: 'event_registration',
        person: { firstName: body.firstName, lastName: body.lastName, email: body.email, phone: body.phone ?? null },
        consents: body.consents, consentTextVersion: body.consentTextVersion,
      })
      // The row first (its id is the arrival order), then the seat, as late as possible: the event's row lock lasts until commit.
      const inserted = await tx.insertInto('ec_registration').values({
        event_id: eventId, chamber_id: event.chamber_id, firm_id: who.firmId, contact_id: who.contactId, status: 'waitlisted',
        token_hash: sql<string>`'pending:' || gen_random_uuid()`, source: 'public',
      }).onConflict((oc) => oc.columns(['event_id', 'contact_id']).where('status', 'in', [...LIVE]).doNothing())
        .returning('id').executeTakeFirst()
      if (!inserted) {
        // The same person is registered already (or their other request won the race a moment ago): answer theirs.
        const other = await this.live(tx, eventId, who.contactId)
        return { created: false, outcome: await this.outcome(tx, eventId, other!.id, other!.status, true) }
      }
      await audit(tx, ctx, { chamberId: event.chamber_id, action: 'experience.registration.created', entity: 'ec_registration',
        entityId: inserted.id, after: { eventId, firmId: who.firmId, contactId: who.contactId, firmCreated: who.firmCreated } })
      const target = { registrationId: inserted.id, eventId, firmId: who.firmId, contactId: who.contactId }
      const settle = async (status: 'confirmed' | 'waitlisted') => {
        await tx.updateTable('ec_registration').set({ token_hash: registrationToken(this.deps.secret, inserted.id).hash, status })
          .where('id', '=', inserted.id).execute()
        await this.deps.mails.registered(tx, { ...target, status, event,
          to: { name: `${body.firstName.trim()} ${body.lastName.trim()}`, email: body.email.trim() } })
      }
      let status: 'confirmed' | 'waitlisted'
      if (event.seats_taken >= event.capacity) {
        // Full when read: try the seat now (a no-op that waits for no lock while the event stays full).
        status = await takeSeat(tx, eventId) ? 'confirmed' : 'waitlisted'
        await settle(status)
      } else {
        // A seat looked free: write everything as confirmed and take the seat last, so the event's row lock
        // is held only through the commit; if the last seat went to someone else meanwhile, undo to the
        // savepoint and wait in line instead.
        await sql`savepoint seat`.execute(tx)
        await settle('confirmed')
        status = 'confirmed'
        if (!await takeSeat(tx, eventId)) {
          await sql`rollback to savepoint seat`.execute(tx)
          status = 'waitlisted'
          await settle(status)
        }
      }
      return { created: true, outcome: await this.outcome(tx, eventId, inserted.id, status, false) }
    })
  }

  /** The personal page: the registration by its token, its event, the QR code of the token. */
  async personal(token: string): Promise<PersonalRegistration> {
    const r = await this.byToken(this.deps.db, token)
    const event = await this.deps.db.selectFrom('ec_event').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow()
    const [partners, positions, person, firm] = await Promise.all([
      partnersOf(this.deps.db, this.deps.crm, [event]),
      r.status === 'waitlisted' ? waitlistPositions(this.deps.db, r.event_id) : Promise.resolve(new Map<number, number>()),
      this.deps.crm.contactForMail(this.deps.db, r.firm_id, r.contact_id),
      this.deps.crm.firmProfile(this.deps.db, r.firm_id),
    ])
    return {
      status: r.status as RegistrationStatus, offerExpiresAt: r.offer_expires_at?.toISOString() ?? null,
      waitlistPosition: positions.get(r.id) ?? null, personName: person?.name ?? '', firmName: firm?.name ?? '',
      event: toPublicEvent(event, partners, new Date()),
      qrCode: await QRCode.toDataURL(token, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 240 }),
    }
  }

  /** The person cancels with their link: a seat they held goes to the waitlist's first. */
  async cancelByToken(token: string, ctx: AuditContext): Promise<PersonalRegistration> {
    const r = await this.byToken(this.deps.db, token)
    await this.cancel(r.event_id, r.id, ctx, false)
    return this.personal(token)
  }

  /** Confirms an offered place before its time; after it, the offer has expired (409). */
  async confirmOffer(token: string, ctx: AuditContext): Promise<PersonalRegistration> {
    const r = await this.byToken(this.deps.db, token)
    await this.deps.db.transaction().execute(async (tx) => {
      const done = await tx.updateTable('ec_registration').set({ status: 'confirmed', offer_expires_at: null, updated_at: sql`now()` })
        .where('id', '=', r.id).where('status', '=', 'offered').where('offer_expires_at', '>', sql<Date>`now()`).executeTakeFirst()
      if (done.numUpdatedRows !== 1n) {
        const now = await tx.selectFrom('ec_registration').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()
        if (now.status === 'confirmed') return
        throw conflict('no open offer', 'experience_offer_not_open', { status: now.status })
      }
      await audit(tx, ctx, { chamberId: r.chamber_id, action: 'experience.registration.confirmed', entity: 'ec_registration', entityId: r.id })
    })
    return this.personal(token)
  }

  /** Staff: the event's registrations, live first in arrival order, with the waitlist's places. */
  async list(chamberId: number, eventId: number): Promise<RegistrationList> {
    await this.eventOf(chamberId, eventId)
    const rows = await this.deps.db.selectFrom('ec_registration').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
    const [cards, people, positions] = await Promise.all([
      this.deps.crm.firmCards(this.deps.db, [...new Set(rows.map((r) => r.firm_id))]),
      Promise.all(rows.map((r) => this.deps.crm.contactForMail(this.deps.db, r.firm_id, r.contact_id))),
      waitlistPositions(this.deps.db, eventId),
    ])
    const firms = new Map(cards.map((c) => [c.id, c]))
    return {
      items: rows.map((r, i) => ({
        id: r.id, status: r.status as RegistrationStatus, source: r.source, createdAt: r.created_at.toISOString(),
        offerExpiresAt: r.offer_expires_at?.toISOString() ?? null, checkedInAt: r.checked_in_at?.toISOString() ?? null,
        firmId: r.firm_id, firmName: firms.get(r.firm_id)?.name ?? '', firmCode: firms.get(r.firm_id)?.taxCode ?? '',
        contactId: r.contact_id, personName: people[i]?.name ?? '', email: people[i]?.email ?? null,
        waitlistPosition: positions.get(r.id) ?? null,
      })),
    }
  }

  /** Staff cancel a registration of their chamber's event (the person is mailed). */
  async cancelByStaff(chamberId: number, eventId: number, registrationId: number, ctx: AuditContext): Promise<void> {
    await this.eventOf(chamberId, eventId)
    await this.cancel(eventId, registrationId, ctx, true)
  }

  private async cancel(eventId: number, registrationId: number, ctx: AuditContext, byStaff: boolean): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      // The event first, then the registration: the order every seat change takes (no deadlock with an offer).
      const event = await lockEvent(tx, eventId)
      const r = await tx.selectFrom('ec_registration').selectAll().where('id', '=', registrationId).where('event_id', '=', eventId)
        .forUpdate().executeTakeFirst()
      if (!event || !r) throw notFound('registration')
      if (r.status === 'cancelled') return
      if (!(LIVE as readonly string[]).includes(r.status)) throw conflict('the registration is not live', 'experience_registration_not_live', { status: r.status })
      await tx.updateTable('ec_registration').set({ status: 'cancelled', offer_expires_at: null, updated_at: sql`now()` }).where('id', '=', r.id).execute()
      await audit(tx, ctx, { chamberId: r.chamber_id, action: 'experience.registration.cancelled', entity: 'ec_registration', entityId: r.id,
        before: { status: r.status }, after: { byStaff } })
      if (byStaff) await this.deps.mails.cancelledByStaff(tx, { registrationId: r.id, eventId, firmId: r.firm_id, contactId: r.contact_id })
      if (r.status === 'confirmed' || r.status === 'offered') await releaseSeat(tx, this.deps, ctx, eventId)
    })
  }

  private async live(tx: Tx, eventId: number, contactId: number) {
    return tx.selectFrom('ec_registration').select(['id', 'status']).where('event_id', '=', eventId).where('contact_id', '=', contactId)
      .where('status', 'in', [...LIVE]).executeTakeFirst()
  }

  private async outcome(tx: Tx, eventId: number, id: number, status: string, already: boolean): Promise<RegistrationOutcome> {
    if (status !== 'waitlisted') return { status: status as RegistrationStatus, alreadyRegistered: already, waitlistPosition: null }
    const ahead = await tx.selectFrom('ec_registration').select(sql<number>`count(*)::int`.as('n')).where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted').where('id', '<', id).executeTakeFirstOrThrow()
    const position = ahead.n + 1
    return { status: status as RegistrationStatus, alreadyRegistered: already, waitlistPosition: position }
  }

  private async byToken(db: Db | Tx, token: string) {
    const r = await db.selectFrom('ec_registration').selectAll().where('token_hash', '=', registrationTokenHash(token)).executeTakeFirst()
    if (!r) throw notFound('registration')
    return r
  }

  private async eventOf(chamberId: number, eventId: number) {
    const e = await this.deps.db.selectFrom('ec_event').select('id').where('id', '=', eventId).where('chamber_id', '=', chamberId).executeTakeFirst()
    if (!e) throw notFound('event')
  }
}

