import { sql } from 'kysely'
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer'
import QRCode from 'qrcode'
import type { Db, DbOrTx } from '../db/database.ts'
import type { Jobs } from './jobs.ts'
import type { MailAttachmentJson } from './tables.ts'

/** Described when queued, rendered when sent (see renderMail). */
export type MailAttachment = MailAttachmentJson

export interface OutgoingMail {
  chamberId: number | null
  to: string
  subject: string
  text: string
  /** Images to draw at send time and show inline (a QR code): only their description is stored. */
  attachments?: MailAttachment[]
  /**
   * A mail that must not be kept (a verification link, which holds the request it verifies): its
   * address and text are blanked once it is sent, or at this time if it is still held or unsent.
   */
  forgetAt?: Date
}

/** A message sent at once by a caller that keeps its own delivery state (CRM mailings). */
export interface DirectMail {
  to: string
  subject: string
  text: string
  html?: string
  /** Our own Message-ID (`<id@domain>`): bounce and complaint reports are matched by it. */
  messageId: string
  headers: Record<string, string>
}

const MAIL_QUEUE = 'mail.send'
const FORGET_QUEUE = 'mail.forget'
/** What is left of a forgotten mail: its subject, status and times (what happened, not to whom). */
const FORGOTTEN = { to_address: '', text_body: '' } as const

/**
 * Mail goes through an outbox written in the same transaction as the change that causes it, so a
 * mail is never sent for a change that did not happen, nor lost for one that did. With a transport
 * (SMTP_URL) a job sends it; without one (the embedded demo) it is kept, "held", for staff to read.
 */
export class Mailer {
  private readonly transport: Transporter | null
  private readonly from: string
  /** Set by registerJobs: the queue that sends. */
  private jobs: Jobs | null = null
  constructor(transport: Transporter | null, from: string) {
    this.transport = transport
    this.from = from
  }

  static fromUrl(smtpUrl: string | undefined, from: string): Mailer {
    return new Mailer(smtpUrl ? nodemailer.createTransport(smtpUrl) : null, from)
  }

  get sends(): boolean {
    return this.transport !== null
  }

  async queue(db: DbOrTx, mail: OutgoingMail): Promise<void> {
    const row = await db
      .insertInto('mail_outbox')
      .values({
        chamber_id: mail.chamberId,
        to_address: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        attachments: attachmentsColumn(mail),
        status: this.sends ? 'pending' : 'held',
        forget_at: mail.forgetAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (mail.forgetAt && this.jobs) await this.jobs.enqueue(db, FORGET_QUEUE, { mailId: row.id }, { startAfter: mail.forgetAt })
    if (!this.sends) return
    if (!this.jobs) throw new Error('the mailer sends through the job queue: registerJobs first')
    await this.jobs.enqueue(db, MAIL_QUEUE, { mailId: row.id })
  }

  /** Many mails in one INSERT (a batch of registrations); each still sent by its own job. */
  async queueMany(db: DbOrTx, mails: readonly OutgoingMail[]): Promise<void> {
    if (mails.length === 0) return
    const rows = await db.insertInto('mail_outbox').values(mails.map((mail) => ({
      chamber_id: mail.chamberId, to_address: mail.to, subject: mail.subject, text_body: mail.text, attachments: attachmentsColumn(mail), status: this.sends ? 'pending' : 'held',
    }))).returning('id').execute()
    if (!this.sends) return
    if (!this.jobs) throw new Error('the mailer sends through the job queue: registerJobs first')
    for (const row of rows) await this.jobs.enqueue(db, MAIL_QUEUE, { mailId: row.id })
  }

  /**
   * Sends one message now through the transport, with the caller's headers and Message-ID. Throws
   * what nodemailer throws: an SMTP refusal carries `responseCode` (5xx: permanent).
   */
  async sendDirect(mail: DirectMail): Promise<void> {
    if (!this.transport) throw new Error('no mail transport (SMTP_URL): mail is held in the outbox')
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text,
      ...(mail.html ? { html: mail.html } : {}), messageId: mail.messageId, headers: mail.headers })
  }

  registerJobs(jobs: Jobs): void {
    this.jobs = jobs
    jobs.work(MAIL_QUEUE, async (payload, db: Db) => { await this.sendPending(db, Number(payload.mailId)) })
    jobs.work(FORGET_QUEUE, async (payload, db: Db) => {
      await db.updateTable('mail_outbox').set(FORGOTTEN).where('id', '=', Number(payload.mailId)).where('forget_at', 'is not', null).execute()
    })
  }

  /**
   * Sends one pending mail of the outbox (the job's work) and marks it sent; returns what the
   * transport answered, or null when there was nothing to send.
   */
  async sendPending(db: Db, mailId: number): Promise<unknown> {
    const mail = await db.selectFrom('mail_outbox').selectAll().where('id', '=', mailId).executeTakeFirst()
    if (!mail || mail.status !== 'pending' || !this.transport) return null
    const info: unknown = await this.transport.sendMail(await renderMail(this.from, mail))
    await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: sql`now()`, ...(mail.forget_at ? FORGOTTEN : {}) })
      .where('id', '=', mail.id).execute()
    return info
  }
}

const attachmentsColumn = (mail: OutgoingMail): string | null =>
  mail.attachments?.length ? JSON.stringify(mail.attachments) : null

/**
 * The message nodemailer sends: the text, and when the mail has attachments also an HTML body (the
 * text escaped, in paragraphs) showing each image inline by its content id. QR codes are drawn here,
 * at send time, by the job, never on the request that queued the mail.
 */
export async function renderMail(from: string,
  mail: { to_address: string; subject: string; text_body: string; attachments: MailAttachment[] | null }): Promise<SendMailOptions> {
  const base = { from, to: mail.to_address, subject: mail.subject, text: mail.text_body }
  if (!mail.attachments?.length) return base
  const images = await Promise.all(mail.attachments.map(async (a) => ({
    filename: a.filename, cid: a.cid, contentType: 'image/png', contentDisposition: 'inline' as const,
    content: await QRCode.toBuffer(a.text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 240 }),
  })))
  const paragraphs = mail.text_body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
  const pictures = mail.attachments.map((a) => `<p><img src="cid:${escapeHtml(a.cid)}" alt="Codice QR" width="240" height="240"></p>`)
  return { ...base, html: `<!doctype html><html lang="it"><body>${[...paragraphs, ...pictures].join('\n')}</body></html>`, attachments: images }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
