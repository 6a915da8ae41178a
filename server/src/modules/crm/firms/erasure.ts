import { likeLiteral } from '../../../db/like.ts'
import { sql } from 'kysely'
import type { DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import type { ContactRow } from './contact-rows.ts'

export const REDACTED = '[dato cancellato]'

/** The strings that identify the person in free text: full name (both orders), e-mail, phone. */
function identifyingStrings(c: ContactRow): string[] {
  const first = c.first_name?.trim() ?? ''
  const last = c.last_name?.trim() ?? ''
  const values = [first && last ? `${first} ${last}` : '', first && last ? `${last} ${first}` : '', c.email ?? '', c.phone ?? '']
  // Longest first, so that "Mario Rossi" goes before a shorter value it contains.
  return [...new Set(values.filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length)
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function redact(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return value.replace(pattern, REDACTED)
  if (Array.isArray(value)) return value.map((v) => redact(v, pattern))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, pattern)]))
  }
  return value
}

/**
 * Right to erasure (GDPR art. 17): blanks the person's fields and keeps the row, so that counts of
 * people reached stay right; withdraws their consents (nobody is left to ask); strips their name,
 * e-mail and phone from the summaries and details of the firm's timeline. The audit entry says
 * who erased whom and why, and how many events were redacted, without the erased data.
 */
export async function eraseContact(tx: DbOrTx, ctx: AuditContext, chamberId: number, contact: ContactRow, reason: string): Promise<void> {
  const strings = identifyingStrings(contact)
  let redacted = 0
  if (strings.length) {
    const pattern = new RegExp(strings.map(escapeRegExp).join('|'), 'gi')
    const likes = strings.map((s) => `%${likeLiteral(s)}%`)
    // The firm's events that name the person, by reference or in their text (timeline_firm_idx, then a filter).
    const events = await tx.selectFrom('timeline_event').select(['id', 'summary', 'details'])
      .where('firm_id', '=', contact.firm_id)
      .where((eb) => eb.or([
        eb('contact_id', '=', contact.id),
        eb('summary', 'ilike', sql<string>`any(${sql.val(likes)}::text[])`),
        eb(sql<string>`details::text`, 'ilike', sql<string>`any(${sql.val(likes)}::text[])`),
      ]))
      .execute()
    for (const e of events) {
      const summary = e.summary.replace(pattern, REDACTED)
      const details = redact(e.details, pattern)
      if (summary === e.summary && JSON.stringify(details) === JSON.stringify(e.details)) continue
      await tx.updateTable('timeline_event').set({ summary, details: JSON.stringify(details) }).where('id', '=', e.id).execute()
      redacted++
    }
  }
  await tx.updateTable('contact').set({
    first_name: null, last_name: null, job_title: null, email: null, phone: null,
    erased_at: sql`now()`, updated_at: sql`now()`,
  }).where('id', '=', contact.id).execute()
  // A mailing's recipient row keeps its state for the figures, not the address.
  await tx.updateTable('mailing_recipient').set({ email: null }).where('contact_id', '=', contact.id).execute()
  const withdrawn = await tx.updateTable('consent').set({ withdrawn_at: sql`now()` })
    .where('contact_id', '=', contact.id).where('withdrawn_at', 'is', null).executeTakeFirst()
  await audit(tx, ctx, {
    chamberId, action: 'crm.contact.erased', entity: 'contact', entityId: contact.id,
    after: { firmId: contact.firm_id, reason, eventsRedacted: redacted, consentsWithdrawn: Number(withdrawn.numUpdatedRows) },
  })
}
