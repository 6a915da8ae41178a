import { sql } from 'kysely'
import type { Mailing, MailingAudience, MailingBody, MailingPreview, MailingPurpose, SendMailingBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Mailer } from '../../../core/mail.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import { audienceQuery, getMailing, segmentFilter } from './mailings.queries.ts'
import { checkTemplates, linksOf, viewOf, type MailingView } from './template.ts'
import { compose } from './compose.ts'
import { MAILING_QUEUE } from './sender.ts'

/** What a preview shows when nobody would receive the mailing yet. */
const EXAMPLE: MailingView = {
  'impresa.nome': 'Impresa Esempio S.r.l.', 'impresa.comune': 'Milano', 'impresa.provincia': 'MI', 'persona.nome': 'Maria',
  'persona.cognome': 'Rossi', 'persona.nome_completo': 'Maria Rossi', 'persona.ruolo': 'Titolare', 'camera.nome': 'Camera di commercio',
}
const YEAR_MS = 366 * 24 * 3600_000

/** Staff write a mailing (draft), preview it, send a test to themselves, schedule or cancel it. */
export class MailingsService extends Service<{ db: Db; mailer: Mailer; jobs: JobQueue; publicUrl: string }> {
  async create(chamberId: number, body: MailingBody, ctx: AuditContext): Promise<Mailing> {
    checkTemplates(body.subject, body.body)
    return this.deps.db.transaction().execute(async (tx) => {
      await this.checkSegment(tx, chamberId, body.segmentId)
      const { id } = await tx.insertInto('mailing').values({
        chamber_id: chamberId, segment_id: body.segmentId, purpose: body.purpose, subject: body.subject.trim(), body: body.body,
        links: JSON.stringify(linksOf(body.body)), created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      const created = await getMailing(tx, chamberId, id)
      await audit(tx, ctx, { chamberId, action: 'crm.mailing.created', entity: 'mailing', entityId: id,
        after: { segmentId: body.segmentId, purpose: body.purpose, subject: created.subject } })
      return created
    })
  }

  /** Only a draft changes (a scheduled one is cancelled first): a conditional update, so a start in between wins. */
  async update(chamberId: number, mailingId: number, body: MailingBody, ctx: AuditContext): Promise<Mailing> {
    checkTemplates(body.subject, body.body)
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await getMailing(tx, chamberId, mailingId)
      await this.checkSegment(tx, chamberId, body.segmentId)
      const done = await tx.updateTable('mailing').set({
        segment_id: body.segmentId, purpose: body.purpose, subject: body.subject.trim(), body: body.body,
        links: JSON.stringify(linksOf(body.body)), updated_at: sql`now()`,
      }).where('id', '=', mailingId).where('chamber_id', '=', chamberId).where('status', '=', 'draft').executeTakeFirst()
      if (!done.numUpdatedRows) throw conflict('only a draft mailing can be edited')
      const after = await getMailing(tx, chamberId, mailingId)
      await audit(tx, ctx, { chamberId, action: 'crm.mailing.updated', entity: 'mailing', entityId: mailingId,
        before: { segmentId: before.segment.id, purpose: before.purpose, subject: before.subject },
        after: { segmentId: body.segmentId, purpose: body.purpose, subject: after.subject } })
      return after
    })
  }

  async schedule(chamberId: number, mailingId: number, body: SendMailingBody, ctx: AuditContext): Promise<Mailing> {
    const at = body.sendAt ? new Date(body.sendAt) : new Date()
    if (at.getTime() > Date.now() + YEAR_MS) throw badRequest('a mailing is scheduled at most a year ahead', [{ path: '/sendAt', message: 'too far ahead' }])
    const sendAt = at.getTime() < Date.now() ? new Date() : at
    return this.deps.db.transaction().execute(async (tx) => {
      const m = await getMailing(tx, chamberId, mailingId)
      if ((await this.audienceCount(tx, chamberId, m.segment.id, m.purpose)) === 0) {
        throw conflict('nobody in the segment consents to this purpose now', 'mailing_no_recipients')
      }
      const done = await tx.updateTable('mailing').set({ status: 'scheduled', send_at: sendAt, updated_at: sql`now()` })
        .where('id', '=', mailingId).where('chamber_id', '=', chamberId).where('status', '=', 'draft').executeTakeFirst()
      if (!done.numUpdatedRows) throw conflict('only a draft mailing can be scheduled')
      await this.deps.jobs.enqueue(tx, MAILING_QUEUE, { mailingId }, { startAfter: sendAt, singletonKey: String(mailingId) })
      await audit(tx, ctx, { chamberId, action: 'crm.mailing.scheduled', entity: 'mailing', entityId: mailingId,
        before: { status: 'draft' }, after: { status: 'scheduled', sendAt: sendAt.toISOString() } })
      return getMailing(tx, chamberId, mailingId)
    })
  }

  /** Back to draft before it starts (a conditional update: once the sender has started, 409). */
  async cancel(chamberId: number, mailingId: number, ctx: AuditContext): Promise<Mailing> {
    return this.deps.db.transaction().execute(async (tx) => {
      const done = await tx.updateTable('mailing').set({ status: 'draft', send_at: null, updated_at: sql`now()` })
        .where('id', '=', mailingId).where('chamber_id', '=', chamberId).where('status', '=', 'scheduled').executeTakeFirst()
      if (!done.numUpdatedRows) {
        await getMailing(tx, chamberId, mailingId)
        throw conflict('only a scheduled mailing that has not started can be cancelled')
      }
      await audit(tx, ctx, { chamberId, action: 'crm.mailing.cancelled', entity: 'mailing', entityId: mailingId,
        before: { status: 'scheduled' }, after: { status: 'draft' } })
      return getMailing(tx, chamberId, mailingId)
    })
  }

  async audience(chamberId: number, mailingId: number): Promise<MailingAudience> {
    const m = await getMailing(this.deps.db, chamberId, mailingId)
    const filter = await segmentFilter(this.deps.db, chamberId, m.segment.id)
    if (!filter) throw notFound('segment')
    const q = audienceQuery(this.deps.db, chamberId, filter, m.purpose)
    const rows = await this.deps.db.selectFrom(q.as('a')).selectAll().orderBy('a.firm_name').orderBy('a.last_name').orderBy('a.contact_id')
      .limit(50).execute()
    return {
      count: await this.audienceCount(this.deps.db, chamberId, m.segment.id, m.purpose),
      sample: rows.map((r) => ({ contactId: r.contact_id, name: [r.first_name, r.last_name].filter(Boolean).join(' '), email: r.email!, firmName: r.firm_name })),
    }
  }

  async preview(chamberId: number, mailingId: number, contactId: number | undefined): Promise<MailingPreview> {
    const m = await this.mailingText(chamberId, mailingId)
    const person = await this.person(chamberId, m, contactId)
    const msg = compose(this.deps.publicUrl, m, person ? viewOf(person) : EXAMPLE, null, false)
    return { contactId: person?.contact_id ?? null, to: person?.email ?? null, subject: msg.subject, text: msg.text }
  }

  /** The message as `contactId` would get it, to the staff member's own address, marked as a test. */
  async testSend(chamberId: number, mailingId: number, contactId: number | undefined, ctx: AuditContext): Promise<{ to: string }> {
    const m = await this.mailingText(chamberId, mailingId)
    const person = await this.person(chamberId, m, contactId)
    const msg = compose(this.deps.publicUrl, m, person ? viewOf(person) : EXAMPLE, null, false)
    return this.deps.db.transaction().execute(async (tx) => {
      const me = await tx.selectFrom('app_user').select('email').where('id', '=', ctx.actorId!).executeTakeFirstOrThrow()
      await this.deps.mailer.queue(tx, { chamberId, to: me.email, subject: `[Prova] ${msg.subject}`, text: msg.text })
      await audit(tx, ctx, { chamberId, action: 'crm.mailing.test_sent', entity: 'mailing', entityId: mailingId,
        after: { contactId: person?.contact_id ?? null } })
      return { to: me.email }
    })
  }

  private async mailingText(chamberId: number, mailingId: number) {
    const m = await this.deps.db.selectFrom('mailing').select(['segment_id', 'purpose', 'subject', 'body', 'links'])
      .where('id', '=', mailingId).where('chamber_id', '=', chamberId).executeTakeFirst()
    if (!m) throw notFound('mailing')
    return { ...m, purpose: m.purpose as MailingPurpose }
  }

  /** The chosen recipient (who must be in the audience), or the first one; null when nobody is. */
  private async person(chamberId: number, m: { segment_id: number; purpose: string }, contactId: number | undefined) {
    const filter = await segmentFilter(this.deps.db, chamberId, m.segment_id)
    if (!filter) throw notFound('segment')
    let q = audienceQuery(this.deps.db, chamberId, filter, m.purpose)
    if (contactId !== undefined) q = q.where('c.id', '=', contactId)
    const row = await q.limit(1).executeTakeFirst()
    if (!row && contactId !== undefined) throw badRequest('not a recipient of this mailing', [{ path: '/contactId', message: 'not in the audience' }])
    return row ?? null
  }

  private async audienceCount(db: DbOrTx, chamberId: number, segmentId: number, purpose: string): Promise<number> {
    const filter = await segmentFilter(db, chamberId, segmentId)
    if (!filter) return 0
    const row = await db.selectFrom(audienceQuery(db, chamberId, filter, purpose).as('a'))
      .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }

  private async checkSegment(db: DbOrTx, chamberId: number, segmentId: number): Promise<void> {
    if (!(await segmentFilter(db, chamberId, segmentId))) {
      throw badRequest('no such segment in this chamber', [{ path: '/segmentId', message: 'not a segment of this chamber' }])
    }
  }
}
