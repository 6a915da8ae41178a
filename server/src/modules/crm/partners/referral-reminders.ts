import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import type { Mailer } from '../../../core/mail.ts'
import { audit, systemContext } from '../../../core/audit.ts'
import { mailOverdueReferral } from './referral-mail.ts'
import type { Webhooks } from '../../partner-api/index.ts'
import type { WebhookData } from '@pid/shared'

export const REMINDER_QUEUE = 'crm.referrals.overdue'
/** An overdue referral is reminded again after this many days while it stays open. */
export const REMIND_EVERY_DAYS = 7
const BATCH = 200

/** The daily reminder run, at 08:00 Rome time: partners read it at the start of their day. */
export const REMINDER_HOUR = 8

/**
 * Mails a reminder for every open referral past its due date that was not reminded in the last
 * REMIND_EVERY_DAYS days: to the partner organisation and to the staff member who made it. Batches
 * of BATCH, each its own transaction (mail queued with the mark, so a crash never reminds twice nor
 * loses one). The partner's systems hear of it once (referral.overdue), the first time a referral is
 * found overdue (never reminded before): a webhook every week would be noise, not news. Returns how
 * many referrals it reminded.
 */
export async function runReminders(db: Db, mailer: Mailer, publicUrl: string, webhooks: Webhooks): Promise<number> {
  const ctx = systemContext(REMINDER_QUEUE)
  let reminded = 0
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('referral as r')
        .innerJoin('firm as f', 'f.id', 'r.firm_id')
        .innerJoin('partner as p', 'p.id', 'r.partner_id')
        .select(['r.id', 'r.chamber_id', 'r.firm_id', 'f.name as firm_name', 'p.name as partner_name', 'p.email as partner_email',
          'r.created_by', 'r.due_on', 'r.partner_id', 'r.status', 'r.reminded_at', sql<number>`current_date - r.due_on`.as('days_overdue')])
        .where('r.status', 'in', ['sent', 'accepted', 'in_progress'])
        .where('r.due_on', '<', sql<string>`current_date`)
        .where((w) => w.or([w('r.reminded_at', 'is', null),
          w('r.reminded_at', '<', sql<Date>`now() - make_interval(days => ${REMIND_EVERY_DAYS})`)]))
        .orderBy('r.id').limit(BATCH)
        .forUpdate('r').skipLocked()
        .execute()
      for (const r of rows) {
        const mails = await mailOverdueReferral(tx, mailer, {
          referral: { id: r.id, chamberId: r.chamber_id, firmId: r.firm_id, firmName: r.firm_name, partnerName: r.partner_name, createdBy: r.created_by },
          publicUrl, partnerEmail: r.partner_email, dueOn: r.due_on, daysOverdue: r.days_overdue,
        })
        await tx.updateTable('referral').set({ reminded_at: sql`now()` }).where('id', '=', r.id).execute()
        if (r.reminded_at === null) {
          await webhooks.emit(tx, { type: 'referral.overdue', chamberId: r.chamber_id, partnerIds: [r.partner_id], data: {
            referralId: r.id, firmId: r.firm_id, chamberId: r.chamber_id, partnerId: r.partner_id,
            status: r.status as WebhookData<'referral.overdue'>['status'], dueOn: r.due_on, daysOverdue: r.days_overdue,
          } satisfies WebhookData<'referral.overdue'> })
        }
        await audit(tx, ctx, { chamberId: r.chamber_id, action: 'crm.referral.reminded', entity: 'referral', entityId: r.id,
          after: { daysOverdue: r.days_overdue, mails } })
      }
      return rows.length
    })
    reminded += n
    if (n < BATCH) break
  }
  return reminded
}
