import { sql } from 'kysely'
import type { Consent, ConsentPurpose, Contact, CreateContactBody, GrantConsentBody, UpdateContactBody } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { lockContact, toConsent, withConsents } from './contact-rows.ts'
import { visibleFirm, visibleFirms } from '../access.ts'
import { atVersion, preconditionFailed, versionOf, type Version } from '../../../core/etag.ts'
import { decodeKeyCursor, encodeKeyCursor } from '../../../core/paging.ts'
import { Service } from '../../../core/service.ts'

/** The contact list's sort key, as a row for keyset comparison (erased people have no names left). */
const CONTACT_ORDER = sql`(erased_at IS NOT NULL, coalesce(last_name, ''), coalesce(first_name, ''), id)`
type ContactKey = [boolean, string, string, number]
const isContactKey = (k: unknown[]): k is ContactKey =>
  k.length === 4 && typeof k[0] === 'boolean' && typeof k[1] === 'string' && typeof k[2] === 'string' && Number.isSafeInteger(k[3])

/**
 * The people of a firm and their consents. Audit entries name the fields touched, never their
 * values: the trail must not keep what an erasure removes.
 */
export class ContactsService extends Service<{ db: Db }> {
  /**
   * A page of the firm's people: erased ones last, then by last and first name (keyset on that
   * order). Reading people's data is itself recorded: who viewed whose contacts, and when.
   */
  async list(access: FirmAccess, firmId: number, page: { cursor?: string; limit: number }, ctx: AuditContext): Promise<{ items: Contact[]; nextCursor: string | null }> {
    const after = decodeKeyCursor(page.cursor, isContactKey)
    return this.deps.db.transaction().execute(async (tx) => {
      await visibleFirm(tx, access, firmId)
      const rows = await tx.selectFrom('contact').selectAll().where('firm_id', '=', firmId)
        .$if(after !== undefined, (q) => q.where(sql<boolean>`${CONTACT_ORDER} > (${after![0]}::boolean, ${after![1]}::text, ${after![2]}::text, ${after![3]}::bigint)`))
        .orderBy(sql`erased_at IS NOT NULL`).orderBy(sql`coalesce(last_name, '')`).orderBy(sql`coalesce(first_name, '')`).orderBy('id')
        .limit(page.limit + 1).execute()
      const shown = rows.slice(0, page.limit)
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.contacts.viewed', entity: 'firm', entityId: firmId,
        after: { contactIds: shown.map((r) => r.id) },
      })
      const last = shown[shown.length - 1]
      const nextCursor = rows.length > page.limit && last
        ? encodeKeyCursor([last.erased_at !== null, last.last_name ?? '', last.first_name ?? '', last.id]) : null
      return { items: await withConsents(tx, shown), nextCursor }
    })
  }

  /** One person, with the version its ETag names; reading is recorded as for the list. */
  async get(access: FirmAccess, contactId: number, ctx: AuditContext): Promise<{ body: Contact; version: Version }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('firm as f').where(visibleFirms(access)).innerJoin('contact as c', 'c.firm_id', 'f.id')
        .selectAll('c').select(versionOf('c.updated_at').as('version')).where('c.id', '=', contactId).executeTakeFirst()
      if (!row) throw notFound('contact')
      const { version, ...contact } = row
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.contacts.viewed', entity: 'firm', entityId: contact.firm_id, after: { contactIds: [contact.id] },
      })
      return { body: (await withConsents(tx, [contact]))[0]!, version }
    })
  }

  async create(access: FirmAccess, firmId: number, body: CreateContactBody, ctx: AuditContext): Promise<Contact> {
    return this.deps.db.transaction().execute(async (tx) => {
      await visibleFirm(tx, access, firmId)
      const row = await tx.insertInto('contact').values({
        firm_id: firmId, first_name: body.firstName.trim(), last_name: body.lastName.trim(), job_title: body.jobTitle ?? null,
        email: body.email ?? null, phone: body.phone ?? null, preferred_language: body.preferredLanguage ?? 'it',
      }).returningAll().executeTakeFirstOrThrow()
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.contact.created', entity: 'contact', entityId: row.id,
        after: { firmId, fields: Object.keys(body).sort() },
      })
      return (await withConsents(tx, [row]))[0]!
    })
  }

  /** `expected`: the versions If-Match named (null: unconditional); a contact at another version is a 412 and nothing is written. */
  async update(access: FirmAccess, contactId: number, body: UpdateContactBody, ctx: AuditContext,
    expected: Version[] | null = null): Promise<{ body: Contact; version: Version }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await lockContact(tx, access, contactId)
      if (current.erased_at) throw conflict('this contact has been erased: its data cannot be written again')
      const updated = await tx.updateTable('contact').set({
        ...(body.firstName !== undefined ? { first_name: body.firstName.trim() } : {}),
        ...(body.lastName !== undefined ? { last_name: body.lastName.trim() } : {}),
        ...(body.jobTitle !== undefined ? { job_title: body.jobTitle } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.preferredLanguage !== undefined ? { preferred_language: body.preferredLanguage } : {}),
        // Staff keeping a person's details current is activity: the retention clock restarts.
        last_activity_at: sql`now()`, updated_at: sql`now()`,
      }).where('id', '=', contactId).$if(expected !== null, (q) => q.where(atVersion('updated_at', expected!)))
        .returningAll().returning(versionOf('updated_at').as('version')).executeTakeFirst()
      if (!updated) throw preconditionFailed()
      const { version, ...row } = updated
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.contact.updated', entity: 'contact', entityId: contactId,
        after: { fields: Object.keys(body).sort() },
      })
      return { body: (await withConsents(tx, [row]))[0]!, version }
    })
  }

  /** One active consent per purpose: a new text version is recorded after withdrawing the old one. */
  async grantConsent(access: FirmAccess, contactId: number, body: GrantConsentBody, ctx: AuditContext): Promise<Consent> {
    const grantedAt = new Date(body.grantedAt)
    if (grantedAt.getTime() > Date.now() + 60_000) {
      throw badRequest('consent cannot be granted in the future', [{ path: '/grantedAt', message: 'in the future' }])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const contact = await lockContact(tx, access, contactId)
      if (contact.erased_at) throw conflict('this contact has been erased')
      const active = await tx.selectFrom('consent').select('id').where('contact_id', '=', contactId)
        .where('purpose', '=', body.purpose).where('withdrawn_at', 'is', null).executeTakeFirst()
      if (active) throw conflict(`consent for ${body.purpose} is already active (id ${active.id}): withdraw it first`)
      const row = await tx.insertInto('consent').values({
        contact_id: contactId, purpose: body.purpose, granted_at: grantedAt, source: body.source.trim(),
        text_version: body.textVersion.trim(), recorded_by: ctx.actorId,
      }).returningAll().executeTakeFirstOrThrow()
      await tx.updateTable('contact').set({ last_activity_at: sql`greatest(last_activity_at, ${grantedAt})` }).where('id', '=', contactId).execute()
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.consent.granted', entity: 'contact', entityId: contactId,
        after: { consentId: row.id, purpose: row.purpose, textVersion: row.text_version, source: row.source, grantedAt: body.grantedAt },
      })
      return toConsent(row)
    })
  }

  async withdrawConsent(access: FirmAccess, contactId: number, consentId: number, ctx: AuditContext): Promise<Consent> {
    return this.deps.db.transaction().execute(async (tx) => {
      await lockContact(tx, access, contactId)
      const current = await tx.selectFrom('consent').selectAll().where('id', '=', consentId).where('contact_id', '=', contactId)
        .executeTakeFirst()
      if (!current) throw notFound('consent')
      if (current.withdrawn_at) throw conflict('this consent was already withdrawn')
      const row = await tx.updateTable('consent').set({ withdrawn_at: sql`now()` }).where('id', '=', consentId)
        .returningAll().executeTakeFirstOrThrow()
      await tx.updateTable('contact').set({ last_activity_at: sql`now()` }).where('id', '=', contactId).execute()
      await audit(tx, ctx, {
        chamberId: access.chamberId, action: 'crm.consent.withdrawn', entity: 'contact', entityId: contactId,
        after: { consentId, purpose: row.purpose },
      })
      return toConsent(row)
    })
  }
}

/**
 * A person's consent for a purpose, given or withdrawn outside staff's hands (the firm's home, an
 * unsubscribe link): withdrawing sets withdrawn_at on the active consent, granting inserts a new
 * consent when none is active. Idempotent: asking for the state already held changes nothing and
 * records nothing. Audited as staff's consent changes are, naming the source.
 */
export async function setConsentOutside(tx: Tx, ctx: AuditContext,
  c: { contactId: number; purpose: ConsentPurpose; granted: boolean; source: string; textVersion: string }): Promise<{ changed: boolean }> {
  const contact = await tx.selectFrom('contact as c').innerJoin('firm as f', 'f.id', 'c.firm_id')
    .select(['c.id', 'c.erased_at', 'f.chamber_id']).where('c.id', '=', c.contactId).forUpdate('c').executeTakeFirst()
  if (!contact) throw notFound('contact')
  if (contact.erased_at) throw conflict('this contact has been erased')
  const active = await tx.selectFrom('consent').select(['id']).where('contact_id', '=', c.contactId)
    .where('purpose', '=', c.purpose).where('withdrawn_at', 'is', null).executeTakeFirst()
  if (c.granted === Boolean(active)) return { changed: false }
  let consentId: number
  if (active) {
    await tx.updateTable('consent').set({ withdrawn_at: sql`now()` }).where('id', '=', active.id).execute()
    consentId = active.id
  } else {
    consentId = (await tx.insertInto('consent').values({
      contact_id: c.contactId, purpose: c.purpose, granted_at: sql<Date>`now()`, source: c.source, text_version: c.textVersion, recorded_by: ctx.actorId,
    }).returning('id').executeTakeFirstOrThrow()).id
  }
  await tx.updateTable('contact').set({ last_activity_at: sql`now()` }).where('id', '=', c.contactId).execute()
  await audit(tx, ctx, {
    chamberId: contact.chamber_id, action: c.granted ? 'crm.consent.granted' : 'crm.consent.withdrawn', entity: 'contact', entityId: c.contactId,
    after: { consentId, purpose: c.purpose, source: c.source, ...(c.granted ? { textVersion: c.textVersion } : {}) },
  })
  return { changed: true }
}
