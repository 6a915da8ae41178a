import { sql } from 'kysely'
import type { Contact, CrmSettings, PersonalDataExport } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { lockContact, toConsent, toContact, withConsents } from './contact-rows.ts'
import { eraseContact } from './erasure.ts'
import { Service } from '../../../core/service.ts'

export const DEFAULT_RETENTION_MONTHS = 36

export async function retentionMonths(db: DbOrTx, chamberId: number): Promise<number> {
  const row = await db.selectFrom('crm_settings').select('contact_retention_months').where('chamber_id', '=', chamberId).executeTakeFirst()
  return row?.contact_retention_months ?? DEFAULT_RETENTION_MONTHS
}

/** The digital leader's GDPR duties: access to a person's data, erasure, the retention period. */
export class PrivacyService extends Service<{ db: Db }> {
  /** Everything held about the person (art. 15/20). The export is itself audited. */
  async personalData(access: FirmAccess, contactId: number, ctx: AuditContext): Promise<PersonalDataExport> {
    return this.deps.db.transaction().execute(async (tx) => {
      const contact = await lockContact(tx, access, contactId, true)
      const [consents, events, entries, chamber] = await Promise.all([
        tx.selectFrom('consent').selectAll().where('contact_id', '=', contactId).orderBy('id').execute(),
        tx.selectFrom('timeline_event').select(['id', 'type', 'occurred_at', 'summary', 'details'])
          .where('contact_id', '=', contactId).orderBy('occurred_at').orderBy('id').execute(),
        tx.selectFrom('audit_log').select(['id', 'at', 'action', 'actor_id', 'before', 'after'])
          .where('entity', '=', 'contact').where('entity_id', '=', String(contactId)).orderBy('id').execute(),
        tx.selectFrom('chamber').select('name').where('id', '=', access.chamberId).executeTakeFirstOrThrow(),
      ])
      const { consents: _none, ...person } = toContact(contact, [])
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.contact.exported', entity: 'contact', entityId: contactId })
      return {
        exportedAt: new Date().toISOString(), controller: chamber.name,
        firm: { id: contact.firm_id, name: contact.firm_name },
        contact: person, consents: consents.map(toConsent),
        timelineEvents: events.map((e) => ({ id: e.id, type: e.type, occurredAt: e.occurred_at.toISOString(), summary: e.summary, details: e.details })),
        auditEntries: entries.map((a) => ({ id: a.id, at: a.at.toISOString(), action: a.action, actorId: a.actor_id, before: a.before, after: a.after })),
      }
    })
  }

  /** Erases the person and returns what is left: an anonymous contact with its withdrawn consents. */
  async erase(access: FirmAccess, contactId: number, reason: string, ctx: AuditContext): Promise<Contact> {
    return this.deps.db.transaction().execute(async (tx) => {
      const contact = await lockContact(tx, access, contactId, true)
      if (contact.erased_at) throw conflict('this contact was already erased')
      await eraseContact(tx, ctx, access.chamberId, contact, reason.trim())
      const row = await tx.selectFrom('contact').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow()
      return (await withConsents(tx, [row]))[0]!
    })
  }

  async settings(chamberId: number): Promise<CrmSettings> {
    return { contactRetentionMonths: await retentionMonths(this.deps.db, chamberId) }
  }

  async updateSettings(chamberId: number, body: CrmSettings, ctx: AuditContext): Promise<CrmSettings> {
    return this.deps.db.transaction().execute(async (tx) => {
      const chamber = await tx.selectFrom('chamber').select('id').where('id', '=', chamberId).executeTakeFirst()
      if (!chamber) throw notFound('chamber')
      const before = { contactRetentionMonths: await retentionMonths(tx, chamberId) }
      await tx.insertInto('crm_settings').values({ chamber_id: chamberId, contact_retention_months: body.contactRetentionMonths })
        .onConflict((oc) => oc.column('chamber_id').doUpdateSet({ contact_retention_months: body.contactRetentionMonths, updated_at: sql`now()` }))
        .execute()
      await audit(tx, ctx, { chamberId, action: 'crm.settings.updated', entity: 'crm_settings', entityId: chamberId, before, after: body })
      return body
    })
  }
}
