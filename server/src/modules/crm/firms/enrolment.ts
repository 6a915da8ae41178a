import { sql } from 'kysely'
import type { Tx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, fieldProblem } from '../../../core/errors.ts'
import { checkTaxCode } from '@pid/shared'

/** The consent purposes of the CRM's model (table consent). */
export type ConsentPurpose = 'service' | 'newsletter' | 'events' | 'profiling' | 'partner_sharing'

/** A firm and one of its people, as a form outside the CRM gives them (an event's registration). */
export interface Enrolment {
  /** The chamber the form belongs to: an unknown firm becomes its prospect. */
  chamberId: number
  /** Codice fiscale or partita IVA (a company's are the same 11 digits). */
  firmCode: string
  firmName: string
  person: { firstName: string; lastName: string; email: string; phone?: string | null }
  /** The purposes the person consented to on the form, with the version of the text they read. */
  consents: ConsentPurpose[]
  consentTextVersion: string
  /** Where it came from, kept on the consents ('event_registration', 'event_walk_in'). */
  source: string
}

export interface Enrolled {
  firmId: number
  firmChamberId: number
  contactId: number
  /** The firm was not in the CRM and is now the chamber's prospect. */
  firmCreated: boolean
}

/**
 * Finds the firm by its code (the register's firm, or the survivor of a merge) or creates it as a
 * prospect of the chamber (tagged 'prospect'); finds the person among its contacts by e-mail or
 * adds them; records the consents given that are not already active. Safe under concurrency: two
 * forms for the same unknown firm at once make one firm (the tax code is unique).
 */
export async function enrolFirmPerson(tx: Tx, ctx: AuditContext, e: Enrolment): Promise<Enrolled> {
  const code = checkTaxCode(e.firmCode)
  if (!code.ok) throw badRequest('invalid firm code', [fieldProblem('/firmCode', 'invalid_firm_code', code.reason)])
  const { firm, created } = await findOrCreateFirm(tx, ctx, e, code.value)
  const contactId = await findOrAddContact(tx, ctx, firm.id, firm.chamber_id, e)
  await grantConsents(tx, ctx, contactId, firm.chamber_id, e)
  return { firmId: firm.id, firmChamberId: firm.chamber_id, contactId, firmCreated: created }
}

async function findFirm(tx: Tx, code: string) {
  const row = await tx.selectFrom('firm').select(['id', 'chamber_id', 'merged_into_id'])
    .where((eb) => eb.or([eb('tax_code', '=', code), eb('vat_number', '=', code)]))
    .orderBy(sql`merged_into_id is null`, 'desc').limit(1).executeTakeFirst()
  if (!row?.merged_into_id) return row
  return tx.selectFrom('firm').select(['id', 'chamber_id', 'merged_into_id']).where('id', '=', row.merged_into_id).executeTakeFirst()
}

async function findOrCreateFirm(tx: Tx, ctx: AuditContext, e: Enrolment, code: string) {
  const known = await findFirm(tx, code)
  if (known) return { firm: known, created: false }
  const province = await tx.selectFrom('chamber_province').select('province_code').where('chamber_id', '=', e.chamberId)
    .where('valid_to', 'is', null).orderBy('province_code').limit(1).executeTakeFirstOrThrow()
  const inserted = await tx.insertInto('firm').values({
    chamber_id: e.chamberId, name: e.firmName.trim(), tax_code: code, vat_number: /^\d{11}$/.test(code) ? code : null,
    province_code: province.province_code, tags: ['prospect'],
  }).onConflict((oc) => oc.column('tax_code').doNothing()).returning(['id', 'chamber_id', 'merged_into_id']).executeTakeFirst()
  // Another form created it a moment ago: use that one.
  if (!inserted) return { firm: (await findFirm(tx, code))!, created: false }
  await audit(tx, ctx, { chamberId: e.chamberId, action: 'crm.firm.created', entity: 'firm', entityId: inserted.id,
    after: { name: e.firmName.trim(), taxCode: code, tags: ['prospect'], source: e.source } })
  return { firm: inserted, created: true }
}

async function findOrAddContact(tx: Tx, ctx: AuditContext, firmId: number, chamberId: number, e: Enrolment): Promise<number> {
  const email = e.person.email.trim()
  const known = await tx.selectFrom('contact').select('id').where('firm_id', '=', firmId).where('erased_at', 'is', null)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase()).orderBy('id').limit(1).executeTakeFirst()
  if (known) {
    await tx.updateTable('contact').set({ last_activity_at: sql`now()` }).where('id', '=', known.id).execute()
    return known.id
  }
  const { id } = await tx.insertInto('contact').values({
    firm_id: firmId, first_name: e.person.firstName.trim(), last_name: e.person.lastName.trim(), email,
    phone: e.person.phone?.trim() || null,
  }).returning('id').executeTakeFirstOrThrow()
  await audit(tx, ctx, { chamberId, action: 'crm.contact.created', entity: 'contact', entityId: id, after: { firmId, source: e.source } })
  return id
}

async function grantConsents(tx: Tx, ctx: AuditContext, contactId: number, chamberId: number, e: Enrolment): Promise<void> {
  const purposes = [...new Set(e.consents)]
  if (purposes.length === 0) return
  const active = new Set((await tx.selectFrom('consent').select('purpose').where('contact_id', '=', contactId)
    .where('withdrawn_at', 'is', null).where('purpose', 'in', purposes).execute()).map((r) => r.purpose))
  const fresh = purposes.filter((p) => !active.has(p))
  if (fresh.length === 0) return
  const rows = await tx.insertInto('consent').values(fresh.map((purpose) => ({
    contact_id: contactId, purpose, granted_at: new Date(), source: e.source, text_version: e.consentTextVersion, recorded_by: ctx.actorId,
  }))).returning(['id', 'purpose']).execute()
  for (const row of rows) {
    await audit(tx, ctx, { chamberId, action: 'crm.consent.granted', entity: 'contact', entityId: contactId,
      after: { consentId: row.id, purpose: row.purpose, textVersion: e.consentTextVersion, source: e.source } })
  }
}
