import { sql } from 'kysely'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Db, DbOrTx } from '../db/database.ts'
import type { Jobs } from './jobs.ts'

export interface OutgoingMail {
  chamberId: number | null
  to: string
  subject: string
  text: string
}

const MAIL_QUEUE = 'mail.send'

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
        status: this.sends ? 'pending' : 'held',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (!this.sends) return
    if (!this.jobs) throw new Error('the mailer sends through the job queue: registerJobs first')
    await this.jobs.enqueue(db, MAIL_QUEUE, { mailId: row.id })
  }

  /** Many mails in one INSERT (a batch of registrations); each still sent by its own job. */
  async queueMany(db: DbOrTx, mails: readonly OutgoingMail[]): Promise<void> {
    if (mails.length === 0) return
    const rows = await db.insertInto('mail_outbox').values(mails.map((mail) => ({
      chamber_id: mail.chamberId, to_address: mail.to, subject: mail.subject, text_body: mail.text, status: this.sends ? 'pending' : 'held',
    }))).returning('id').execute()
    if (!this.sends) return
    if (!this.jobs) throw new Error('the mailer sends through the job queue: registerJobs first')
    for (const row of rows) await this.jobs.enqueue(db, MAIL_QUEUE, { mailId: row.id })
  }

  registerJobs(jobs: Jobs): void {
    this.jobs = jobs
    jobs.work(MAIL_QUEUE, async (payload, db: Db) => {
      const mail = await db.selectFrom('mail_outbox').selectAll().where('id', '=', Number(payload.mailId)).executeTakeFirst()
      if (!mail || mail.status !== 'pending' || !this.transport) return
      await this.transport.sendMail({ from: this.from, to: mail.to_address, subject: mail.subject, text: mail.text_body })
      await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: sql`now()` }).where('id', '=', mail.id).execute()
    })
  }
}
