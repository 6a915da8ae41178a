import { sql } from 'kysely'
import type { Tx } from '../../../db/database.ts'
import { auditMany, type AuditContext, type AuditEvent } from '../../../core/audit.ts'
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
  /** Whose request it is, for its audit rows (a batch of requests); else the call's context. */
  ctx?: AuditContext
}

export interface Enrolled {
  firmId: number
  firmChamberId: number
  contactId: number
  /** The firm was not in the CRM and is now the chamber's prospect. */
  firmCreated: boolean
}

interface FirmRef { id: number; chamber_id: number }

/** A firm code as the register keeps it, or the 400 of the form's field. */
export function firmCodeOf(raw: string): string {
  const code = checkTaxCode(raw)
  if (!code.ok) throw badRequest('invalid firm code', [fieldProblem('/firmCode', 'invalid_firm_code', code.reason)])
  return code.value
}

/** One form: the batch of one (enrolFirmPeople). */
export async function enrolFirmPerson(tx: Tx, ctx: AuditContext, e: Enrolment): Promise<Enrolled> {
  return (await enrolFirmPeople(tx, ctx, [e]))[0]!
}

/**
 * Many forms at once (a rush of registrations), with a constant number of statements, answering in
 * the forms' order. Finds each firm by its code (the register's firm, or the survivor of a merge)
 * or creates it as a prospect of the form's chamber (tagged 'prospect'); finds the person among
 * its contacts by e-mail or adds them; records the consents given that are not already active.
 * Forms of one firm or one person in the same batch share it, as they would one after the other.
 * Safe under concurrency: two forms for the same unknown firm at once make one firm (the tax code
 * is unique). A code that is not valid refuses the whole call (400): callers batching requests
 * check each code first (firmCodeOf).
 */
export async function enrolFirmPeople(tx: Tx, ctx: AuditContext, forms: readonly Enrolment[]): Promise<Enrolled[]> {
  if (forms.length === 0) return []
  const codes = forms.map((e) => firmCodeOf(e.firmCode))
  const audits: { ctx: AuditContext; event: AuditEvent }[] = []
  const firms = await findFirms(tx, [...new Set(codes)])
  const createdBy = await createProspects(tx, forms, codes, firms, audits, ctx)
  const contacts = await findOrAddContacts(tx, forms, codes.map((c) => firms.get(c)!), audits, ctx)
  await grantConsents(tx, forms, contacts, codes.map((c) => firms.get(c)!), audits, ctx)
  await auditMany(tx, audits)
  return forms.map((_e, i) => {
    const firm = firms.get(codes[i]!)!
    return { firmId: firm.id, firmChamberId: firm.chamber_id, contactId: contacts[i]!, firmCreated: createdBy.get(codes[i]!) === i }
  })
}

/** The firm of each code: the one not merged first, a merged one's survivor otherwise. */
async function findFirms(tx: Tx, codes: string[]): Promise<Map<string, FirmRef>> {
  if (codes.length === 0) return new Map()
  const rows = await sql<FirmRef & { code: string }>`SELECT c.code, coalesce(s.id, f.id) AS id, coalesce(s.chamber_id, f.chamber_id) AS chamber_id
    FROM unnest(${codes}::text[]) AS c(code)
    CROSS JOIN LATERAL (SELECT id, chamber_id, merged_into_id FROM firm WHERE tax_code = c.code OR vat_number = c.code
      ORDER BY merged_into_id IS NULL DESC LIMIT 1) f
    LEFT JOIN firm s ON s.id = f.merged_into_id`.execute(tx)
  return new Map(rows.rows.map((r) => [r.code, { id: Number(r.id), chamber_id: Number(r.chamber_id) }]))
}

/** Unknown codes become prospects of the first form naming them; answers code -> index of the form that created it. */
async function createProspects(tx: Tx, forms: readonly Enrolment[], codes: string[], firms: Map<string, FirmRef>,
  audits: { ctx: AuditContext; event: AuditEvent }[], ctx: AuditContext): Promise<Map<string, number>> {
  const first = new Map<string, number>()
  codes.forEach((c, i) => { if (!firms.has(c) && !first.has(c)) first.set(c, i) })
  const createdBy = new Map<string, number>()
  if (first.size === 0) return createdBy
  // In code order: two batches inserting the same codes wait on each other instead of deadlocking.
  const todo = [...first.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const col = <T>(f: (e: Enrolment, code: string) => T) => todo.map(([code, i]) => f(forms[i]!, code))
  const rows = await sql<{ id: number; chamber_id: number; tax_code: string }>`INSERT INTO firm (chamber_id, name, tax_code, vat_number, province_code, tags)
    SELECT t.chamber_id, t.name, t.code, t.vat, (SELECT province_code FROM chamber_province p WHERE p.chamber_id = t.chamber_id
      AND p.valid_to IS NULL ORDER BY province_code LIMIT 1), '{prospect}'
    FROM unnest(${col((e) => e.chamberId)}::bigint[], ${col((e) => e.firmName.trim())}::text[], ${col((_e, c) => c)}::text[],
      ${col((_e, c) => (/^\d{11}$/.test(c) ? c : null))}::text[]) WITH ORDINALITY AS t(chamber_id, name, code, vat, n)
    ORDER BY t.n
    ON CONFLICT (tax_code) DO NOTHING RETURNING id, chamber_id, tax_code`.execute(tx)
  for (const r of rows.rows) {
    const i = first.get(r.tax_code)!
    firms.set(r.tax_code, { id: Number(r.id), chamber_id: Number(r.chamber_id) })
    createdBy.set(r.tax_code, i)
    const e = forms[i]!
    audits.push({ ctx: e.ctx ?? ctx, event: { chamberId: e.chamberId, action: 'crm.firm.created', entity: 'firm', entityId: Number(r.id),
      after: { name: e.firmName.trim(), taxCode: r.tax_code, tags: ['prospect'], source: e.source } } })
  }
  // Another form created some a moment ago: use those.
  const raced = [...first.keys()].filter((c) => !firms.has(c))
  for (const [c, f] of await findFirms(tx, raced)) firms.set(c, f)
  return createdBy
}

/** Each form's contact: found by firm and e-mail (any case) or added once; answers the contact ids in the forms' order. */
async function findOrAddContacts(tx: Tx, forms: readonly Enrolment[], firms: FirmRef[], audits: { ctx: AuditContext; event: AuditEvent }[],
  ctx: AuditContext): Promise<number[]> {
  const keyOf = (i: number) => `${firms[i]!.id}\u0000${forms[i]!.person.email.trim().toLowerCase()}`
  const first = new Map<string, number>()
  forms.forEach((_e, i) => { if (!first.has(keyOf(i))) first.set(keyOf(i), i) })
  const wanted = [...first.values()]
  const known = await sql<{ id: number; firm_id: number; email: string }>`SELECT DISTINCT ON (c.firm_id, lower(c.email)) c.id, c.firm_id, lower(c.email) AS email
    FROM contact c JOIN unnest(${wanted.map((i) => firms[i]!.id)}::bigint[], ${wanted.map((i) => forms[i]!.person.email.trim().toLowerCase())}::text[])
      AS t(firm_id, email) ON c.firm_id = t.firm_id AND lower(c.email) = t.email
    WHERE c.erased_at IS NULL ORDER BY c.firm_id, lower(c.email), c.id`.execute(tx)
  const ids = new Map(known.rows.map((r) => [`${r.firm_id}\u0000${r.email}`, Number(r.id)]))
  if (ids.size) await tx.updateTable('contact').set({ last_activity_at: sql`now()` }).where('id', 'in', [...ids.values()]).execute()
  const fresh = wanted.filter((i) => !ids.has(keyOf(i)))
  if (fresh.length) {
    const rows = await tx.insertInto('contact').values(fresh.map((i) => {
      const p = forms[i]!.person
      return { firm_id: firms[i]!.id, first_name: p.firstName.trim(), last_name: p.lastName.trim(), email: p.email.trim(), phone: p.phone?.trim() || null }
    })).returning(['id', 'firm_id', 'email']).execute()
    const byKey = new Map(rows.map((r) => [`${r.firm_id}\u0000${(r.email ?? '').toLowerCase()}`, Number(r.id)]))
    for (const i of fresh) {
      const id = byKey.get(keyOf(i))!
      ids.set(keyOf(i), id)
      audits.push({ ctx: forms[i]!.ctx ?? ctx, event: { chamberId: firms[i]!.chamber_id, action: 'crm.contact.created', entity: 'contact',
        entityId: id, after: { firmId: firms[i]!.id, source: forms[i]!.source } } })
    }
  }
  return forms.map((_e, i) => ids.get(keyOf(i))!)
}

/** The consents given that the contact has not active already, each once (the first form giving it). */
async function grantConsents(tx: Tx, forms: readonly Enrolment[], contacts: number[], firms: FirmRef[],
  audits: { ctx: AuditContext; event: AuditEvent }[], ctx: AuditContext): Promise<void> {
  const given = new Map<string, { i: number; purpose: ConsentPurpose }>()
  forms.forEach((e, i) => { for (const p of e.consents) if (!given.has(`${contacts[i]}:${p}`)) given.set(`${contacts[i]}:${p}`, { i, purpose: p }) })
  if (given.size === 0) return
  const active = new Set((await tx.selectFrom('consent').select(['contact_id', 'purpose']).where('contact_id', 'in', [...new Set(contacts)])
    .where('withdrawn_at', 'is', null).where('purpose', 'in', [...new Set([...given.values()].map((g) => g.purpose))]).execute())
    .map((r) => `${r.contact_id}:${r.purpose}`))
  const fresh = [...given.entries()].filter(([k]) => !active.has(k)).map(([, g]) => g)
  if (fresh.length === 0) return
  const now = new Date()
  const rows = await tx.insertInto('consent').values(fresh.map(({ i, purpose }) => ({
    contact_id: contacts[i]!, purpose, granted_at: now, source: forms[i]!.source, text_version: forms[i]!.consentTextVersion,
    recorded_by: (forms[i]!.ctx ?? ctx).actorId,
  }))).returning(['id', 'contact_id', 'purpose']).execute()
  const byKey = new Map(fresh.map((g) => [`${contacts[g.i]}:${g.purpose}`, g.i]))
  for (const row of rows) {
    const i = byKey.get(`${row.contact_id}:${row.purpose}`)!
    const e = forms[i]!
    audits.push({ ctx: e.ctx ?? ctx, event: { chamberId: firms[i]!.chamber_id, action: 'crm.consent.granted', entity: 'contact',
      entityId: Number(row.contact_id), after: { consentId: row.id, purpose: row.purpose, textVersion: e.consentTextVersion, source: e.source } } })
  }
}
