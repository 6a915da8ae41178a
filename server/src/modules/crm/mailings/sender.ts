import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { MailingPurpose } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Mailer, OutgoingMail } from '../../../core/mail.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { systemContext } from '../../../core/audit.ts'
import type { CrmService } from '../crm.service.ts'
import { audienceQuery, segmentFilter } from './mailings.queries.ts'
import { compose } from './compose.ts'
import { viewOf } from './template.ts'

export const MAILING_QUEUE = 'crm.mailing.send'
export const hashToken = (token: string) => createHash('sha256').update(token).digest()

export interface SenderDeps {
  db: Db
  mailer: Mailer
  crm: CrmService
  jobs: JobQueue
  publicUrl: string
  ratePerMinute: number
}

interface MailingRow { id: number; chamber_id: number; segment_id: number; purpose: string; subject: string; body: string; links: string[]; status: string }

/** Sent recipients, for their timeline entries (written in the transaction that marks them sent). */
interface SentOne { contactId: number; firmId: number; subject: string }

const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'EDNS'])
const MAX_ATTEMPTS = 3

/**
 * Sends a mailing, one minute's worth (MAILING_RATE_PER_MINUTE) per job; the job enqueues the next
 * minute's. Each recipient is claimed (FOR UPDATE SKIP LOCKED), marked 'sending' and committed
 * BEFORE the SMTP call, then marked 'sent': a run that dies between leaves the row 'sending', and
 * the next run marks it 'uncertain' instead of sending it again. The queue's 'stately' policy keeps
 * one run of a mailing at a time, so a 'sending' row found at the start of a run is a dead run's.
 * Without a transport (the demo) each message is written to the outbox as held, in the same
 * transaction that marks its row sent.
 */
export class MailingSender {
  private readonly deps: SenderDeps
  constructor(deps: SenderDeps) { this.deps = deps }

  async run(mailingId: number): Promise<void> {
    const { db } = this.deps
    await this.start(mailingId)
    const m = await db.selectFrom('mailing').select(['id', 'chamber_id', 'segment_id', 'purpose', 'subject', 'body', 'links', 'status'])
      .where('id', '=', mailingId).executeTakeFirst()
    if (!m || m.status !== 'sending') return
    // A dead run's rows: maybe sent, never sent again.
    await db.updateTable('mailing_recipient').set({ status: 'uncertain', error: 'interrupted while sending' })
      .where('mailing_id', '=', mailingId).where('status', '=', 'sending').execute()
    await this.recheck(db, m)
    if (this.deps.mailer.sends) await this.sendBatch(m)
    else await this.holdBatch(m)

    const left = await db.selectFrom('mailing_recipient').select('id').where('mailing_id', '=', mailingId).where('status', '=', 'queued')
      .limit(1).executeTakeFirst()
    if (left) {
      await this.deps.jobs.enqueue(db, MAILING_QUEUE, { mailingId }, { startAfter: new Date(Date.now() + 60_000), singletonKey: String(mailingId) })
    } else {
      await db.updateTable('mailing').set({ status: 'sent', finished_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', mailingId).where('status', '=', 'sending').execute()
    }
  }

  /** A scheduled mailing whose time has come becomes 'sending' and its recipients are drawn, once (conditional update). */
  private async start(mailingId: number): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const m = await tx.updateTable('mailing').set({ status: 'sending', started_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', mailingId).where('status', '=', 'scheduled').where('send_at', '<=', sql<Date>`now()`)
        .returning(['chamber_id', 'segment_id', 'purpose']).executeTakeFirst()
      if (!m) return
      const filter = await segmentFilter(tx, m.chamber_id, m.segment_id)
      if (!filter) return
      const audience = audienceQuery(tx, m.chamber_id, filter, m.purpose)
        .clearSelect().select([sql<number>`${mailingId}::bigint`.as('mailing_id'), 'c.id as contact_id', 'c.firm_id', 'c.email'])
      await tx.insertInto('mailing_recipient').columns(['mailing_id', 'contact_id', 'firm_id', 'email']).expression(audience)
        .onConflict((oc) => oc.doNothing()).execute()
    })
  }

  /** At send time: a consent withdrawn or an address suppressed since the draw skips the row; profiling decides tracking now. */
  private async recheck(db: DbOrTx, m: MailingRow): Promise<void> {
    await sql`UPDATE mailing_recipient r SET
        status = CASE WHEN c.erased_at IS NULL AND r.email IS NOT NULL
          AND EXISTS (SELECT 1 FROM consent k WHERE k.contact_id = c.id AND k.purpose = ${m.purpose} AND k.withdrawn_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM mailing_suppression x WHERE x.email = lower(r.email)) THEN 'queued' ELSE 'skipped' END,
        tracked = EXISTS (SELECT 1 FROM consent k WHERE k.contact_id = c.id AND k.purpose = 'profiling' AND k.withdrawn_at IS NULL)
      FROM contact c WHERE c.id = r.contact_id AND r.mailing_id = ${m.id} AND r.status = 'queued'`.execute(db)
  }

  private personQuery(db: DbOrTx) {
    return db.selectFrom('mailing_recipient as r').innerJoin('contact as c', 'c.id', 'r.contact_id').innerJoin('firm as f', 'f.id', 'r.firm_id')
      .innerJoin('chamber as ch', 'ch.id', 'f.chamber_id').leftJoin('municipality as mu', 'mu.istat_code', 'f.municipality_code')
      .select(['r.id', 'r.contact_id', 'r.firm_id', 'r.email', 'r.tracked', 'c.first_name', 'c.last_name', 'c.job_title',
        'f.name as firm_name', 'mu.name as town', 'f.province_code', 'ch.name as chamber_name'])
  }

  private message(m: MailingRow, p: Awaited<ReturnType<ReturnType<MailingSender['personQuery']>['executeTakeFirstOrThrow']>>, token: string) {
    return compose(this.deps.publicUrl, { ...m, purpose: m.purpose as MailingPurpose }, viewOf(p), token, p.tracked)
  }

  /** Without SMTP: a minute's worth claimed, written to the outbox (held), marked sent and put on the timelines in one transaction. */
  private async holdBatch(m: MailingRow): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const ids = await tx.selectFrom('mailing_recipient').select('id').where('mailing_id', '=', m.id).where('status', '=', 'queued')
        .orderBy('id').limit(this.deps.ratePerMinute).forUpdate().skipLocked().execute()
      if (ids.length === 0) return
      const people = await this.personQuery(tx).where('r.id', 'in', ids.map((r) => r.id)).orderBy('r.id').execute()
      const mails: OutgoingMail[] = []
      const sent: SentOne[] = []
      const marks = people.map((p) => {
        const token = randomBytes(32).toString('base64url')
        const msg = this.message(m, p, token)
        mails.push({ chamberId: m.chamber_id, to: p.email!, subject: msg.subject, text: msg.text })
        sent.push({ contactId: p.contact_id, firmId: p.firm_id, subject: msg.subject })
        return sql`(${p.id}::bigint, ${hashToken(token)}::bytea, ${messageId(m.id, p.id, this.deps.publicUrl)}::text)`
      })
      // The whole minute in one statement, whatever the rate.
      await sql`UPDATE mailing_recipient r SET status = 'sent', sent_at = now(), attempts = 1, token_hash = v.token_hash, message_id = v.message_id
        FROM (VALUES ${sql.join(marks)}) AS v(id, token_hash, message_id) WHERE r.id = v.id`.execute(tx)
      await this.deps.mailer.queueMany(tx, mails)
      await this.recordTimeline(tx, m, sent)
    })
  }

  /** With SMTP: one recipient at a time, 'sending' committed before the call, 'sent' and its timeline entries after, together. */
  private async sendBatch(m: MailingRow): Promise<void> {
    const { db } = this.deps
    for (let i = 0; i < this.deps.ratePerMinute; i++) {
      const token = randomBytes(32).toString('base64url')
      const claimed = await db.transaction().execute(async (tx) => {
        const next = await tx.selectFrom('mailing_recipient').select('id').where('mailing_id', '=', m.id).where('status', '=', 'queued')
          .orderBy('id').limit(1).forUpdate().skipLocked().executeTakeFirst()
        if (!next) return null
        await tx.updateTable('mailing_recipient').set({ status: 'sending', attempts: sql`attempts + 1`, token_hash: hashToken(token),
          message_id: messageId(m.id, next.id, this.deps.publicUrl) }).where('id', '=', next.id).execute()
        return this.personQuery(tx).select('r.message_id').where('r.id', '=', next.id).executeTakeFirstOrThrow()
      })
      if (!claimed) break
      const msg = this.message(m, claimed, token)
      try {
        await this.deps.mailer.sendDirect({ to: claimed.email!, messageId: claimed.message_id!, ...msg })
      } catch (err) {
        const stop = await this.failed(claimed.id, claimed.email!, err as { responseCode?: number; code?: string; message?: string })
        if (stop) break
        continue
      }
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('mailing_recipient').set({ status: 'sent', sent_at: sql`now()`, error: null }).where('id', '=', claimed.id).execute()
        await this.recordTimeline(tx, m, [{ contactId: claimed.contact_id, firmId: claimed.firm_id, subject: msg.subject }])
      })
    }
  }

  /**
   * A refused or failed send: 5xx is a hard bounce (and the address is suppressed); 4xx or no
   * connection at all was certainly not delivered and goes back to the queue (failed after three
   * attempts), stopping this minute's batch; anything else may have been delivered: uncertain.
   * Returns whether to stop the batch.
   */
  private async failed(id: number, email: string, err: { responseCode?: number; code?: string; message?: string }): Promise<boolean> {
    const { db } = this.deps
    const error = String(err.message ?? err).slice(0, 500)
    if (err.responseCode && err.responseCode >= 500) {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('mailing_recipient').set({ status: 'bounced', bounced_at: sql`now()`, error }).where('id', '=', id).execute()
        await suppress(tx, email, 'hard_bounce', id)
      })
      return false
    }
    if ((err.responseCode && err.responseCode >= 400) || (err.code && TRANSIENT.has(err.code))) {
      await db.updateTable('mailing_recipient')
        .set({ status: sql`CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'queued' END`, error }).where('id', '=', id).execute()
      return true
    }
    await db.updateTable('mailing_recipient').set({ status: 'uncertain', error }).where('id', '=', id).execute()
    return false
  }

  /** Every mail sent lands on the person's and the firm's timeline, in the transaction that marks it sent. */
  private async recordTimeline(tx: DbOrTx, m: MailingRow, sent: SentOne[]): Promise<void> {
    if (sent.length === 0) return
    const ctx = systemContext(`mailing:${m.id}`)
    await this.deps.crm.recordEvents(tx, sent.map((s) => ({ ctx, event: {
      firmId: s.firmId, contactId: s.contactId, type: 'email' as const, sourceModule: 'mailings',
      summary: `Mailing «${s.subject}» inviato`, details: { mailingId: m.id, purpose: m.purpose },
    } })))
  }
}

/** Our own Message-ID, unique per recipient and attempt: bounce and complaint reports are matched by it. */
export function messageId(mailingId: number, recipientId: number, publicUrl: string): string {
  return `<mailing.${mailingId}.${recipientId}.${randomBytes(6).toString('hex')}@${new URL(publicUrl).hostname}>`
}

/** Hard-bounced or complaining addresses get no later mailing (of any chamber: the sender is one). */
export async function suppress(db: DbOrTx, email: string, reason: 'hard_bounce' | 'complaint', recipientId: number): Promise<void> {
  await db.insertInto('mailing_suppression').values({ email: email.toLowerCase(), reason, recipient_id: recipientId })
    .onConflict((oc) => oc.column('email').doNothing()).execute()
}
