import { timingSafeEqual, createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { MailingEventsBody, MailingPurpose, Unsubscription } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import { systemContext, type AuditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import type { CrmService } from '../crm.service.ts'
import { hashToken, suppress } from './sender.ts'

/** The source and text version an unsubscribe or complaint leaves on the consent. */
const UNSUBSCRIBE = { source: 'mailing_unsubscribe', textVersion: 'mailing-unsubscribe-1' }
const COMPLAINT = { source: 'mailing_complaint', textVersion: 'mailing-complaint-1' }

const mask = (email: string | null) => {
  if (!email) return null
  const [local, domain] = email.split('@') as [string, string]
  return `${local.slice(0, 1)}***@${domain}`
}

async function byToken(db: Db | Tx, token: string, lock = false) {
  let q = db.selectFrom('mailing_recipient as r').innerJoin('mailing as m', 'm.id', 'r.mailing_id').innerJoin('chamber as ch', 'ch.id', 'm.chamber_id')
    .select(['r.id', 'r.contact_id', 'r.firm_id', 'r.email', 'r.tracked', 'r.unsubscribed_at', 'm.id as mailing_id', 'm.purpose', 'm.links',
      'm.chamber_id', 'ch.name as chamber_name'])
    .where('r.token_hash', '=', hashToken(token))
  if (lock) q = q.forUpdate('r')
  return q.executeTakeFirst()
}

/** What follows a mailing: unsubscribes, opens, clicks, and the provider's bounce/complaint/delivery reports. */
export class MailingFeedback {
  private readonly deps: { db: Db; crm: CrmService; eventsSecret: string | undefined }
  constructor(deps: { db: Db; crm: CrmService; eventsSecret: string | undefined }) { this.deps = deps }

  async describe(token: string): Promise<Unsubscription> {
    const r = await byToken(this.deps.db, token)
    if (!r) throw notFound('unsubscribe link')
    return { purpose: r.purpose as MailingPurpose, chamberName: r.chamber_name, email: mask(r.email), unsubscribed: r.unsubscribed_at !== null }
  }

  /** One click (RFC 8058) or the confirm page's button: withdraws the consent for the mailing's purpose; idempotent. */
  async unsubscribe(token: string, ctx: AuditContext): Promise<Unsubscription> {
    return this.deps.db.transaction().execute(async (tx) => {
      const r = await byToken(tx, token, true)
      if (!r) throw notFound('unsubscribe link')
      if (!r.unsubscribed_at) {
        // The address unsubscribes: every person of the chamber's firms with that address (a mailing reaches an address once).
        const same = await tx.selectFrom('contact as c').innerJoin('firm as f', 'f.id', 'c.firm_id').select('c.id')
          .where('f.chamber_id', '=', r.chamber_id).where(sql`lower(c.email)`, '=', (r.email ?? '').toLowerCase()).orderBy('c.id').execute()
        for (const contactId of new Set([r.contact_id, ...same.map((c) => c.id)])) {
          await this.deps.crm.setConsent(tx, ctx, { contactId, purpose: r.purpose as MailingPurpose, granted: false, ...UNSUBSCRIBE })
        }
        await tx.updateTable('mailing_recipient').set({ unsubscribed_at: sql`now()` }).where('id', '=', r.id).execute()
        await this.deps.crm.recordEvent(tx, ctx, { firmId: r.firm_id, contactId: r.contact_id, type: 'email', sourceModule: 'mailings',
          summary: `Disiscrizione da un mailing (${r.purpose === 'events' ? 'eventi' : 'newsletter'}): consenso revocato`,
          details: { mailingId: r.mailing_id, purpose: r.purpose, unsubscribed: true } })
      }
      return { purpose: r.purpose as MailingPurpose, chamberName: r.chamber_name, email: mask(r.email), unsubscribed: true }
    })
  }

  /** The pixel: counted only for a recipient who consented to profiling. */
  async opened(token: string): Promise<void> {
    await this.deps.db.updateTable('mailing_recipient').set({ opened_at: sql`coalesce(opened_at, now())` })
      .where('token_hash', '=', hashToken(token)).where('tracked', '=', true).execute()
  }

  /** A click: the target is the template's link by index, never a URL from the request (no open redirect). */
  async clicked(token: string, link: number): Promise<string> {
    const r = await byToken(this.deps.db, token)
    const target = r ? (r.links as string[])[link] : undefined
    if (!r || !target) throw notFound('link')
    if (r.tracked) {
      await this.deps.db.updateTable('mailing_recipient').set({ clicked_at: sql`coalesce(clicked_at, now())`, opened_at: sql`coalesce(opened_at, now())` })
        .where('id', '=', r.id).execute()
    }
    return target
  }

  /** The inbound endpoint's shared secret, compared in constant time (by digest, whatever the lengths). */
  authorized(header: string | undefined): boolean {
    const secret = this.deps.eventsSecret
    if (!secret || !header?.startsWith('Bearer ')) return false
    const digest = (s: string) => createHash('sha256').update(s).digest()
    return timingSafeEqual(digest(header.slice(7)), digest(secret))
  }

  /**
   * Reports keyed by our Message-ID. A hard bounce or a complaint suppresses the address for every
   * later mailing; a complaint also withdraws the consent for the mailing's purpose (the person
   * said they do not want it). Unknown ids are returned, not refused.
   */
  async record(body: MailingEventsBody): Promise<{ recorded: number; unknown: string[] }> {
    const ids = [...new Set(body.events.map((e) => e.messageId))]
    return this.deps.db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('mailing_recipient as r').innerJoin('mailing as m', 'm.id', 'r.mailing_id')
        .select(['r.id', 'r.message_id', 'r.contact_id', 'r.firm_id', 'r.email', 'r.status', 'm.purpose', 'm.id as mailing_id'])
        .where('r.message_id', 'in', ids).forUpdate('r').execute()
      const byId = new Map(rows.map((r) => [r.message_id!, r]))
      const ctx = systemContext('mailing-events')
      let recorded = 0
      for (const e of body.events) {
        const r = byId.get(e.messageId)
        if (!r) continue
        const at = e.occurredAt ? new Date(e.occurredAt) : new Date()
        if (e.type === 'delivered') {
          await tx.updateTable('mailing_recipient').set({ delivered_at: sql`coalesce(delivered_at, ${at})`,
            status: sql`CASE WHEN status IN ('sent', 'uncertain') THEN 'delivered' ELSE status END` }).where('id', '=', r.id).execute()
        } else if (e.type === 'bounce') {
          await tx.updateTable('mailing_recipient').set({ status: 'bounced', bounced_at: sql`coalesce(bounced_at, ${at})`, error: e.detail ?? 'hard bounce' })
            .where('id', '=', r.id).execute()
          if (r.email) await suppress(tx, r.email, 'hard_bounce', r.id)
        } else {
          await tx.updateTable('mailing_recipient').set({ complained_at: sql`coalesce(complained_at, ${at})` }).where('id', '=', r.id).execute()
          if (r.email) await suppress(tx, r.email, 'complaint', r.id)
          await this.deps.crm.setConsent(tx, ctx, { contactId: r.contact_id, purpose: r.purpose as MailingPurpose, granted: false, ...COMPLAINT })
        }
        recorded++
      }
      return { recorded, unknown: ids.filter((id) => !byId.has(id)) }
    })
  }
}
