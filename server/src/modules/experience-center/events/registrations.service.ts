import { sql } from 'kysely'
import QRCode from 'qrcode'
import type { PersonalRegistration, PublicRegistrationBody, RegistrationList, RegistrationStatus } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import type { CrmService } from '../../crm/index.ts'
import { partnersOf, toPublicEvent } from './event-rows.ts'
import { registrationTokenHash } from './registration-token.ts'
import { lockEvent, releaseSeat, waitlistPositions, type WaitlistDeps } from './waitlist.ts'
import { RegistrationQueue, type RegistrationAnswer, type RegistrationInput } from './registration-queue.ts'
import { registerAll } from './registration-batch.ts'
import { emitRegistrationChanges, type RegistrationChange } from './registration-events.ts'

export interface RegistrationsDeps extends WaitlistDeps {
  db: Db
  crm: CrmService
  secret: string
  /** Told when a batch fails as a whole (its registrations are then retried one by one). */
  onBatchFailure?: (err: unknown, size: number) => void
}

const LIVE = ['confirmed', 'offered', 'waitlisted'] as const

/** Public registration, the personal page's actions, and the staff's list of an event's registrations. */
export class RegistrationsService {
  private readonly deps: RegistrationsDeps
  private readonly queue: RegistrationQueue
  constructor(deps: RegistrationsDeps) {
    this.deps = deps
    this.queue = new RegistrationQueue((batch) => registerAll(deps, batch, deps.onBatchFailure ?? (() => {})))
  }

  /**
   * Registers a person of a firm (found in the CRM or made a prospect): a place if one is left,
   * else the waitlist; the same person twice answers their live registration and takes nothing
   * more. The input is checked here (a bad firm code is this request's 400), then the request
   * waits in the queue for its batch (registration-batch.ts) and is answered after it committed.
   * A partner organisation's registration (partner-registrations.ts) takes the same path.
   */
  async register(eventId: number, body: PublicRegistrationBody, ctx: AuditContext, partner?: RegistrationInput['partner']): Promise<RegistrationAnswer> {
    const firmCode = this.deps.crm.checkFirmCode(body.firmCode)
    return this.queue.submit({ eventId, body, firmCode, ctx, ...(partner ? { partner } : {}) })
  }

  /** Resolves when every registration received so far is answered (graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle()
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
      await emitRegistrationChanges(this.deps.webhooks, tx, { id: r.event_id, chamberId: r.chamber_id },
        [{ id: r.id, firmId: r.firm_id, status: 'confirmed', previous: 'offered' }])
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
      this.deps.crm.contactsForMail(this.deps.db, rows.map((r) => ({ firmId: r.firm_id, contactId: r.contact_id }))),
      waitlistPositions(this.deps.db, eventId),
    ])
    const firms = new Map(cards.map((c) => [c.id, c]))
    return {
      items: rows.map((r) => ({
        id: r.id, status: r.status as RegistrationStatus, source: r.source, createdAt: r.created_at.toISOString(),
        offerExpiresAt: r.offer_expires_at?.toISOString() ?? null, checkedInAt: r.checked_in_at?.toISOString() ?? null,
        firmId: r.firm_id, firmName: firms.get(r.firm_id)?.name ?? '', firmCode: firms.get(r.firm_id)?.taxCode ?? '',
        contactId: r.contact_id, personName: people.get(r.contact_id)?.name ?? '', email: people.get(r.contact_id)?.email ?? null,
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
      await emitRegistrationChanges(this.deps.webhooks, tx, { id: eventId, chamberId: r.chamber_id },
        [{ id: r.id, firmId: r.firm_id, status: 'cancelled', previous: r.status as RegistrationChange['status'] }])
      await audit(tx, ctx, { chamberId: r.chamber_id, action: 'experience.registration.cancelled', entity: 'ec_registration', entityId: r.id,
        before: { status: r.status }, after: { byStaff } })
      if (byStaff) await this.deps.mails.cancelledByStaff(tx, { registrationId: r.id, eventId, firmId: r.firm_id, contactId: r.contact_id })
      if (r.status === 'confirmed' || r.status === 'offered') await releaseSeat(tx, this.deps, ctx, eventId)
    })
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

