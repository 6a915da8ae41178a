import type { Selectable } from 'kysely'
import type { Consent, ConsentPurpose, Contact, Locale } from '@pid/shared'
import type { ConsentTable, ContactTable } from '../tables.ts'
import type { DbOrTx } from '../../../db/database.ts'
import { notFound } from '../../../core/errors.ts'
import { visibleFirms, type FirmAccess } from '../access.ts'

/** Contacts and consents: row shapes, API shapes, and loading a contact the actor may reach. */
export type ContactRow = Selectable<ContactTable>
export const ANONYMOUS = 'Contatto anonimo'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toConsent(r: Selectable<ConsentTable>): Consent {
  return {
    id: r.id, purpose: r.purpose as ConsentPurpose, grantedAt: r.granted_at.toISOString(), source: r.source,
    textVersion: r.text_version, withdrawnAt: iso(r.withdrawn_at), active: r.withdrawn_at === null, recordedBy: r.recorded_by,
  }
}

export function toContact(r: ContactRow, consents: Consent[]): Contact {
  return {
    id: r.id, firmId: r.firm_id,
    displayName: r.erased_at ? ANONYMOUS : [r.first_name, r.last_name].filter(Boolean).join(' '),
    firstName: r.first_name, lastName: r.last_name, jobTitle: r.job_title, email: r.email, phone: r.phone,
    preferredLanguage: r.preferred_language as Locale, erasedAt: iso(r.erased_at), lastActivityAt: r.last_activity_at.toISOString(),
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), consents,
  }
}

/** Contacts with their consents, in two queries whatever their number. */
export async function withConsents(db: DbOrTx, rows: ContactRow[]): Promise<Contact[]> {
  if (rows.length === 0) return []
  const consents = await db.selectFrom('consent').selectAll().where('contact_id', 'in', rows.map((r) => r.id))
    .orderBy('granted_at').orderBy('id').execute()
  return rows.map((r) => toContact(r, consents.filter((c) => c.contact_id === r.id).map(toConsent)))
}

/**
 * A contact of a firm the actor may reach, locked for the change that follows; 404 otherwise.
 * `includeMerged`: the GDPR paths reach people of merged duplicates too (the data are still held).
 */
export async function lockContact(db: DbOrTx, access: FirmAccess, contactId: number, includeMerged = false): Promise<ContactRow & { firm_name: string }> {
  const base = db.selectFrom('firm as f')
  const scoped = includeMerged ? base.where('f.chamber_id', '=', access.chamberId) : base.where(visibleFirms(access))
  const row = await scoped.innerJoin('contact as c', 'c.firm_id', 'f.id')
    .selectAll('c').select('f.name as firm_name')
    .where('c.id', '=', contactId)
    .forUpdate('c')
    .executeTakeFirst()
  if (!row) throw notFound('contact')
  return row
}
