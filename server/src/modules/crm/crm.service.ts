import { sql } from 'kysely'
import { likeLiteral } from '../../db/like.ts'
import type { CreateReferralBody, Referral, Stage } from '@pid/shared'
import type { Db, DbOrTx, Tx } from '../../db/database.ts'
import type { Mailer } from '../../core/mail.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { recordEvents } from './timeline/record-events.ts'
import type { FirmCard, FirmMergeHandler, FirmProfile, RecordedEvent, TimelineInput, TimelineRecorder } from './crm.types.ts'
import { notFound } from '../../core/errors.ts'
import { agreementInForce } from './partners/agreement-sql.ts'
import { ReferralsService } from './partners/referrals.service.ts'
import { linkPartnerAccount, partnerChambers, partnerHasAgreement, partnersInForceWith, partnersOfChamber, partnersOfFirms } from './partners/partner-reach.ts'
import { visibleFirms, type FirmAccess } from './access.ts'
import type { Webhooks } from '../partner-api/index.ts'
import { setConsentIn } from './firms/contacts.service.ts'
import type { ConsentPurpose } from './firms/enrolment.ts'
import { funnelSnapshot, scopeChambers, type FunnelCell, type MonitoringScopeRef, type ScopeChamber } from './monitoring/figures.ts'
import { enrolFirmPeople, enrolFirmPerson, firmCodeOf, type Enrolled, type Enrolment } from './firms/enrolment.ts'

/**
 * The CRM's interface to every module: everything a firm experiences lands on its timeline here,
 * and moves its awareness stage forward when the touch implies it. Call it inside the transaction
 * of the change that causes the touch.
 */
export class CrmService implements TimelineRecorder {
  private readonly mergeHandlers = new Map<string, FirmMergeHandler>()
  private readonly referrals: ReferralsService

  /** The mailer, public URL and webhooks serve the referrals other modules make (the partner gets a mail and a webhook). */
  constructor(db: Db, mail: { mailer: Mailer; publicUrl: string; webhooks: Webhooks }) {
    this.referrals = new ReferralsService({ db, mailer: mail.mailer, crm: this, publicUrl: mail.publicUrl, webhooks: mail.webhooks })
  }

  /** A chamber as its public pages name it (the public self-assessment); null when unknown or merged into another. */
  async publicChamber(db: DbOrTx, chamberId: number): Promise<{ id: number; name: string; pidName: string } | null> {
    const row = await db.selectFrom('chamber').select(['id', 'name', 'pid_name']).where('id', '=', chamberId)
      .where('merged_into_id', 'is', null).where('active_to', 'is', null).executeTakeFirst()
    return row ? { id: row.id, name: row.name, pidName: row.pid_name } : null
  }

  /** The chamber covering a municipality today, through its province; null for an unknown municipality. */
  async chamberOfMunicipality(db: DbOrTx, istatCode: string): Promise<number | null> {
    const row = await db.selectFrom('municipality as m').innerJoin('chamber_province as p', 'p.province_code', 'm.province_code')
      .innerJoin('chamber as c', 'c.id', 'p.chamber_id').select('c.id').where('m.istat_code', '=', istatCode)
      .where('p.valid_to', 'is', null).where('c.merged_into_id', 'is', null).orderBy('c.id').executeTakeFirst()
    return row ? row.id : null
  }

  /** Network monitoring: the chambers of a chamber, a region (merged predecessors included) or the network; 404 when unknown. */
  async chambersInScope(db: DbOrTx, scope: MonitoringScopeRef): Promise<ScopeChamber[]> {
    return scopeChambers(db, scope)
  }

  /** Network monitoring: active, unmerged firms per chamber, stage, ATECO section and size class, now. */
  async funnelSnapshot(db: DbOrTx): Promise<FunnelCell[]> {
    return funnelSnapshot(db)
  }

  /** Municipalities by name prefix (accents optional), for a public picker. */
  async findMunicipalities(db: DbOrTx, prefix: string, limit: number): Promise<{ istatCode: string; name: string; provinceCode: string }[]> {
    const rows = await db.selectFrom('municipality').select(['istat_code', 'name', 'province_code'])
      .where(sql<string>`pid_unaccent(lower(name))`, 'like', sql<string>`pid_unaccent(lower(${likeLiteral(prefix.trim())})) || '%'`)
      .orderBy('name').orderBy('istat_code').limit(limit).execute()
    return rows.map((r) => ({ istatCode: r.istat_code, name: r.name, provinceCode: r.province_code }))
  }

  /** A module that keeps rows per firm registers here, once, so a merge takes its rows along. */
  onFirmMerged(module: string, handler: FirmMergeHandler): void {
    this.mergeHandlers.set(module, handler)
  }

  /** Runs every module's merge handler (called by the CRM's merge, in its transaction). */
  async firmsMerged(tx: Tx, merge: { fromId: number; intoId: number; ctx: AuditContext }): Promise<Record<string, number>> {
    const moved: Record<string, number> = {}
    for (const [module, handler] of this.mergeHandlers) moved[module] = await handler(tx, merge)
    return moved
  }

  /** A person's consent for a purpose, given or withdrawn outside staff's hands (the firm's home, an unsubscribe link); audited, idempotent. */
  async setConsent(tx: Tx, ctx: AuditContext, c: { contactId: number; purpose: ConsentPurpose; granted: boolean; source: string; textVersion: string }): Promise<{ changed: boolean }> {
    return setConsentIn(tx, ctx, c)
  }

  /** One touch: the same path as a batch of one (timeline/record-events.ts), so the stage rule lives once. */
  async recordEvent(tx: DbOrTx, ctx: AuditContext, e: TimelineInput): Promise<RecordedEvent> {
    const [recorded] = await recordEvents(tx, [{ ctx, event: e }])
    return recorded!
  }

  /** Many touches at once, as recordEvent for each, in two statements (timeline/record-events.ts). */
  async recordEvents(tx: DbOrTx, entries: readonly { ctx: AuditContext; event: TimelineInput }[]): Promise<RecordedEvent[]> {
    return recordEvents(tx, entries)
  }

  /** A firm's profile for other modules (merged duplicates are not found: their survivor is). */
  async firmProfile(db: DbOrTx, firmId: number): Promise<FirmProfile | null> {
    return (await this.firmProfiles(db, [firmId])).get(firmId) ?? null
  }

  /** Several firms' profiles in one query (a batch of voucher submissions, for one). */
  async firmProfiles(db: DbOrTx, firmIds: readonly number[]): Promise<Map<number, FirmProfile>> {
    if (firmIds.length === 0) return new Map()
    const rows = await db.selectFrom('firm as f').innerJoin('chamber as c', 'c.id', 'f.chamber_id')
      .select(['f.id', 'f.chamber_id', 'c.region_code', 'f.name', 'f.ateco_section', 'f.size_class', 'f.province_code', 'f.tax_code',
        'f.ateco_code', 'f.status'])
      .where('f.id', 'in', [...firmIds]).where('f.merged_into_id', 'is', null).execute()
    return new Map(rows.map((row) => [row.id, { id: row.id, chamberId: row.chamber_id, regionCode: row.region_code, name: row.name,
      atecoSection: row.ateco_section, sizeClass: row.size_class, provinceCode: row.province_code, taxCode: row.tax_code,
      atecoCode: row.ateco_code, status: row.status }]))
  }

  /** Firms' names, codes and towns by name (merged duplicates left out), for another module's list. */
  async firmCards(db: DbOrTx, firmIds: readonly number[]): Promise<FirmCard[]> {
    if (firmIds.length === 0) return []
    const rows = await db.selectFrom('firm as f').leftJoin('municipality as m', 'm.istat_code', 'f.municipality_code')
      .select(['f.id', 'f.chamber_id', 'f.name', 'f.tax_code', 'f.province_code', 'm.name as town'])
      .where('f.id', 'in', [...firmIds]).where('f.merged_into_id', 'is', null).orderBy('f.name').orderBy('f.id').execute()
    return rows.map((r) => ({ id: r.id, chamberId: r.chamber_id, name: r.name, taxCode: r.tax_code, provinceCode: r.province_code, town: r.town }))
  }

  /**
   * The ids of the firms the access reaches, as a subquery to embed (`where('a.firm_id', 'in', ...)`):
   * other modules narrow their lists to a partner's firms in the same single query.
   */
  visibleFirmIds(db: DbOrTx, access: FirmAccess) {
    return db.selectFrom('firm as f').select('f.id').where(visibleFirms(access))
  }

  /** Partner organisations' names by id, in one query (for lists that show who filed or who helps). */
  async partnerNames(db: DbOrTx, partnerIds: Iterable<number | null>): Promise<Map<number, string>> {
    const ids = [...new Set([...partnerIds].filter((id): id is number => id !== null))]
    if (ids.length === 0) return new Map()
    const rows = await db.selectFrom('partner').select(['id', 'name']).where('id', 'in', ids).execute()
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  /** The chambers a partner organisation has an agreement in force with (an API client's reach). */
  partnerChambers(db: DbOrTx, partnerId: number) { return partnerChambers(db, partnerId) }

  /** Which of the organisations have an agreement in force with which of the chambers: who may hear of their firms by webhook. */
  partnersInForceWith(db: DbOrTx, chamberIds: readonly number[], partnerIds: readonly number[]) { return partnersInForceWith(db, chamberIds, partnerIds) }

  /** Whether the organisation has an agreement with the chamber that has not ended. */
  partnerHasAgreement(db: DbOrTx, partnerId: number, chamberId: number) { return partnerHasAgreement(db, partnerId, chamberId) }

  /** The organisations with an agreement with the chamber that has not ended (whose API clients its staff manage). */
  partnersOfChamber(db: DbOrTx, chamberId: number) { return partnersOfChamber(db, chamberId) }

  /** The organisations related to each firm (registered it, were referred it, hold its consent): who hears of it by webhook. */
  partnersOfFirms(db: DbOrTx, firmIds: readonly number[]) { return partnersOfFirms(db, firmIds) }

  /** Makes an account act for an organisation, as a partner user does (an API client's service account). */
  linkPartnerAccount(db: DbOrTx, userId: number, partnerId: number) { return linkPartnerAccount(db, userId, partnerId) }

  /** Refers the firm to a partner inside the caller's transaction (an assessment's intervention plan does). */
  async referFirm(tx: Tx, access: FirmAccess, firmId: number, body: CreateReferralBody, ctx: AuditContext): Promise<Referral> {
    return this.referrals.createIn(tx, access, firmId, body, ctx)
  }

  /** The maturity level (1-5) of the firm's latest self-assessment, kept on the firm for CRM filters. */
  async setMaturityLevel(tx: DbOrTx, firmId: number, level: number): Promise<void> {
    await tx.updateTable('firm').set({ maturity_level: level }).where('id', '=', firmId).execute()
  }

  /** Partners with an agreement in force with the chamber having any of these competences (for recommendations). */
  async partnersByCompetence(db: DbOrTx, chamberId: number, competences: string[], limit = 10): Promise<{ id: number; name: string; competences: string[]; website: string | null }[]> {
    if (!competences.length) return []
    return db.selectFrom('partner as p').select(['p.id', 'p.name', 'p.competences', 'p.website'])
      .where(sql<boolean>`p.competences && ${competences}::text[]`)
      .where((eb) => eb.exists(eb.selectFrom('partner_agreement as a').select(sql`1`.as('one'))
        .whereRef('a.partner_id', '=', 'p.id').where('a.chamber_id', '=', chamberId).where(agreementInForce('a'))))
      .orderBy('p.name').limit(limit).execute()
  }

  /** A person of the firm to write to (not erased, with an address), for modules that mail firms. */
  async contactForMail(db: DbOrTx, firmId: number, contactId: number): Promise<{ name: string; email: string } | null> {
    const row = await db.selectFrom('contact').select(['first_name', 'last_name', 'email'])
      .where('id', '=', contactId).where('firm_id', '=', firmId).where('erased_at', 'is', null).executeTakeFirst()
    if (!row?.email) return null
    return { name: [row.first_name, row.last_name].filter(Boolean).join(' '), email: row.email }
  }

  /**
   * A firm and its person from a form outside the CRM (an event's registration, a walk-in): the
   * register's firm found by its code or a new prospect of the chamber, the person found by e-mail
   * or added, the consents given recorded. In the caller's transaction.
   */
  async enrolFirmPerson(tx: Tx, ctx: AuditContext, enrolment: Enrolment): Promise<Enrolled> {
    return enrolFirmPerson(tx, ctx, enrolment)
  }

  /**
   * Many forms at once with a constant number of statements (a rush of registrations), answered in
   * their order; each form may carry its request's audit context. Check each code first with
   * checkFirmCode: an invalid one refuses the whole call.
   */
  async enrolFirmPeople(tx: Tx, ctx: AuditContext, enrolments: readonly Enrolment[]): Promise<Enrolled[]> {
    return enrolFirmPeople(tx, ctx, enrolments)
  }

  /** A firm code (codice fiscale or partita IVA) as the register keeps it, or the form field's 400. */
  checkFirmCode(raw: string): string {
    return firmCodeOf(raw)
  }

  /**
   * Many people to write to, by contact id, in one query (an event's registrations): erased people
   * and people without an address are left out. The firm is checked as in contactForMail.
   */
  async contactsForMail(db: DbOrTx, people: readonly { firmId: number; contactId: number }[]): Promise<Map<number, { name: string; email: string }>> {
    if (people.length === 0) return new Map()
    const firmOf = new Map(people.map((p) => [p.contactId, p.firmId]))
    const rows = await db.selectFrom('contact').select(['id', 'firm_id', 'first_name', 'last_name', 'email'])
      .where('id', 'in', [...firmOf.keys()]).where('erased_at', 'is', null).where('email', 'is not', null).execute()
    return new Map(rows.filter((r) => firmOf.get(r.id) === r.firm_id)
      .map((r) => [r.id, { name: [r.first_name, r.last_name].filter(Boolean).join(' '), email: r.email! }]))
  }

  /** People's names by contact id, in one query, for the firm's own pages (erased people are left out). */
  async contactNames(db: DbOrTx, firmId: number, contactIds: readonly number[]): Promise<Map<number, string>> {
    if (contactIds.length === 0) return new Map()
    const rows = await db.selectFrom('contact').select(['id', 'first_name', 'last_name'])
      .where('id', 'in', [...new Set(contactIds)]).where('firm_id', '=', firmId).where('erased_at', 'is', null).execute()
    return new Map(rows.map((r) => [r.id, [r.first_name, r.last_name].filter(Boolean).join(' ')]))
  }

  /** Staff set the stage by hand, in any direction, with a reason; the history keeps it. */
  async setStage(tx: DbOrTx, ctx: AuditContext, firmId: number, to: Stage, reason: string): Promise<void> {
    const firm = await tx.selectFrom('firm').select(['id', 'chamber_id', 'stage']).where('id', '=', firmId)
      .forUpdate().executeTakeFirst()
    if (!firm) throw notFound('firm')
    if (firm.stage === to) return
    await tx.updateTable('firm').set({ stage: to, stage_changed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', firmId).execute()
    const { id } = await tx.insertInto('timeline_event').values({
      firm_id: firmId, chamber_id: firm.chamber_id, type: 'stage_change', occurred_at: new Date(),
      summary: reason, details: JSON.stringify({ from: firm.stage, to }), author_id: ctx.actorId,
    }).returning('id').executeTakeFirstOrThrow()
    await tx.insertInto('stage_change').values({
      firm_id: firmId, from_stage: firm.stage, to_stage: to, automatic: false, reason, event_id: id, changed_by: ctx.actorId,
    }).execute()
    await audit(tx, ctx, {
      chamberId: firm.chamber_id, action: 'crm.stage.changed', entity: 'firm', entityId: firmId,
      before: { stage: firm.stage }, after: { stage: to, reason },
    })
  }
}

export type { FirmMergeHandler, FirmProfile, RecordedEvent, TimelineInput } from './crm.types.ts'
export type { ConsentPurpose, Enrolled, Enrolment } from './firms/enrolment.ts'
