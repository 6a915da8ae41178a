import type { PartnerRegistration, PartnerRegistrationBody, PartnerRegistrationList, PartnerRegistrationOutcome, PartnerRegistrationQuery,
  RegistrationStatus } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { AuditContext } from '../../../core/audit.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import { badRequest, forbidden, notFound } from '../../../core/errors.ts'
import { firmAccess, visibleFirm, type CrmService, type FirmAccess } from '../../crm/index.ts'
import type { RegistrationsService } from './registrations.service.ts'
import { waitlistPositions } from './waitlist.ts'
import { Service } from '../../../core/service.ts'

type RegistrationRow = { id: number; event_id: number; firm_id: number; status: string; offer_expires_at: Date | null; checked_in_at: Date | null;
  created_at: Date }
const columns = ['id', 'event_id', 'firm_id', 'status', 'offer_expires_at', 'checked_in_at', 'created_at'] as const

/**
 * A partner organisation registers the firms it is related to for a chamber's published events
 * (scope events:register), and lists the registrations it made. The registration itself is the
 * public form's (registrations.service.ts: the queue, places and waitlist, the person's mail with
 * the personal link, the partners' webhooks): only who made it differs. The organisation consents
 * to nothing for the person: no marketing consent is recorded.
 */
export class PartnerRegistrations extends Service<{ db: Db; crm: CrmService; registrations: RegistrationsService }> {
  async register(actor: Actor, chamberId: number, eventId: number, body: PartnerRegistrationBody, ctx: AuditContext):
    Promise<{ created: boolean; registration: PartnerRegistrationOutcome }> {
    const access = await this.partnerAccess(actor, chamberId)
    await this.eventOf(this.deps.db, chamberId, eventId, { published: true })
    const firm = await visibleFirm(this.deps.db, access, body.firmId)
    const [card] = await this.deps.crm.firmCards(this.deps.db, [firm.id])
    if (!card) throw notFound('firm')
    const answer = await this.deps.registrations.register(eventId, {
      firmCode: card.taxCode, firmName: card.name, firstName: body.firstName, lastName: body.lastName, email: body.email,
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      consents: [], consentTextVersion: 'partner-api', privacyAcknowledged: true,
    }, ctx, { partnerId: access.partnerId!, userId: actor.userId })
    const row = await this.deps.db.selectFrom('ec_registration').select(columns).where('id', '=', answer.registrationId).executeTakeFirstOrThrow()
    const [registration] = await this.toRegistrations(this.deps.db, eventId, [row])
    return { created: answer.created, registration: { ...registration!, alreadyRegistered: answer.outcome.alreadyRegistered } }
  }

  /** The organisation's registrations of the event, newest first (keyset cursor over the id). */
  async list(actor: Actor, chamberId: number, eventId: number, q: PartnerRegistrationQuery): Promise<PartnerRegistrationList> {
    const access = await this.partnerAccess(actor, chamberId)
    await this.eventOf(this.deps.db, chamberId, eventId, { published: false })
    const limit = q.limit ?? 50
    let query = this.deps.db.selectFrom('ec_registration').select(columns)
      .where('event_id', '=', eventId).where('partner_id', '=', access.partnerId!).orderBy('id', 'desc').limit(limit + 1)
    if (q.cursor !== undefined) {
      if (!/^[0-9]{1,15}$/.test(q.cursor)) throw badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])
      query = query.where('id', '<', Number(q.cursor))
    }
    const rows = await query.execute()
    const page = rows.slice(0, limit)
    return { items: await this.toRegistrations(this.deps.db, eventId, page), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null }
  }

  /** Only a partner organisation registers here: staff register people at the door or by the public form. */
  private async partnerAccess(actor: Actor, chamberId: number): Promise<FirmAccess> {
    const access = await firmAccess(this.deps.db, actor, chamberId, 'experience.events.register')
    if (access.partnerId === null) throw forbidden('only a partner organisation registers firms to events through this route')
    return access
  }

  /** An event of the chamber (a published one to register to); 404 otherwise, drafts included. */
  private async eventOf(db: DbOrTx, chamberId: number, eventId: number, o: { published: boolean }): Promise<void> {
    const e = await db.selectFrom('ec_event').select('status').where('id', '=', eventId).where('chamber_id', '=', chamberId).executeTakeFirst()
    if (!e || e.status === 'draft' || (o.published && e.status !== 'published')) throw notFound('event')
  }

  private async toRegistrations(db: DbOrTx, eventId: number, rows: readonly RegistrationRow[]): Promise<PartnerRegistration[]> {
    if (rows.length === 0) return []
    const [cards, positions] = await Promise.all([
      this.deps.crm.firmCards(db, [...new Set(rows.map((r) => r.firm_id))]),
      rows.some((r) => r.status === 'waitlisted') ? waitlistPositions(db, eventId) : Promise.resolve(new Map<number, number>()),
    ])
    const names = new Map(cards.map((c) => [c.id, c.name]))
    return rows.map((r) => ({
      id: r.id, eventId: r.event_id, firmId: r.firm_id, firmName: names.get(r.firm_id) ?? '', status: r.status as RegistrationStatus,
      waitlistPosition: positions.get(r.id) ?? null, offerExpiresAt: r.offer_expires_at?.toISOString() ?? null,
      checkedInAt: r.checked_in_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    }))
  }
}
