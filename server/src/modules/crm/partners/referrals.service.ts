import { sql } from 'kysely'
import { REFERRAL_OPEN_STATUSES, type CancelReferralBody, type CreateReferralBody, type Referral, type WebhookData } from '@pid/shared'
import type { Db, Tx } from '../../../db/database.ts'
import type { Mailer } from '../../../core/mail.ts'
import type { TimelineRecorder } from '../crm.types.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, notFound } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { agreementInForce } from './agreement-sql.ts'
import { findReferral } from './referral-queries.ts'
import { moveReferral } from './referral-steps.ts'
import { mailCancelledReferral, mailNewReferral } from './referral-mail.ts'
import { staffOnly } from './staff-only.ts'
import { visibleFirm } from '../access.ts'
import { Service } from '../../../core/service.ts'
import type { Webhooks } from '../../partner-api/index.ts'

/** The PID's side of referrals: hand a firm's need to a partner, or withdraw it. */
export class ReferralsService extends Service<{ db: Db; mailer: Mailer; crm: TimelineRecorder; publicUrl: string; webhooks: Webhooks }> {
  /**
   * Refers the firm to a partner with an agreement in force with the chamber: the referral, its first
   * step, the 'referral' touch on the timeline (which moves the firm to 'committed'), the partner's mail
   * and webhook (referral.created) and the audit entry land together or not at all.
   */
  async create(access: FirmAccess, firmId: number, body: CreateReferralBody, ctx: AuditContext): Promise<Referral> {
    return this.deps.db.transaction().execute((tx) => this.createIn(tx, access, firmId, body, ctx))
  }

  /** The same, inside the caller's transaction (an assessment's intervention plan refers firms this way). */
  async createIn(tx: Tx, access: FirmAccess, firmId: number, body: CreateReferralBody, ctx: AuditContext): Promise<Referral> {
    staffOnly(access, 'refer firms to partners')
    {
      const firm = await visibleFirm(tx, access, firmId)
      const partner = await tx.selectFrom('partner as p').select(['p.id', 'p.name', 'p.email'])
        .where('p.id', '=', body.partnerId)
        .where((eb) => eb.exists(eb.selectFrom('partner_agreement as a').select(sql`1`.as('one'))
          .whereRef('a.partner_id', '=', 'p.id').where('a.chamber_id', '=', access.chamberId).where(agreementInForce('a'))))
        .executeTakeFirst()
      if (!partner) {
        throw badRequest('the partner has no agreement in force with this chamber', [{ path: '/partnerId', message: 'no agreement in force with this chamber' }])
      }
      const { past } = await sql<{ past: boolean }>`select ${body.dueOn}::date < current_date as past`.execute(tx).then((r) => r.rows[0]!)
      if (past) throw badRequest('the due date has passed', [{ path: '/dueOn', message: 'must not be in the past' }])

      const { id } = await tx.insertInto('referral').values({
        firm_id: firm.id, chamber_id: access.chamberId, partner_id: partner.id, need: body.need, due_on: body.dueOn,
        created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      await tx.insertInto('referral_step').values({ referral_id: id, from_status: null, to_status: 'sent', actor_id: ctx.actorId }).execute()
      await this.deps.crm.recordEvent(tx, ctx, {
        firmId: firm.id, type: 'referral', summary: `Segnalata a ${partner.name}`, partnerId: partner.id,
        details: { referralId: id, need: body.need, dueOn: body.dueOn },
      })
      const mailed = await mailNewReferral(tx, this.deps.mailer, {
        chamberId: access.chamberId, partner, firmName: firm.name, referralId: id, publicUrl: this.deps.publicUrl,
        need: body.need, dueOn: body.dueOn,
      })
      await this.deps.webhooks.emit(tx, { type: 'referral.created', chamberId: access.chamberId, partnerIds: [partner.id], data: {
        referralId: id, firmId: firm.id, chamberId: access.chamberId, partnerId: partner.id, status: 'sent', dueOn: body.dueOn,
      } satisfies WebhookData<'referral.created'> })
      const created = (await findReferral(tx, access, id))!
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.referral.created', entity: 'referral', entityId: id, after: { ...created, mailed } })
      return created
    }
  }

  /** Withdraws a referral still open (not declined, completed or already cancelled). */
  async cancel(access: FirmAccess, referralId: number, body: CancelReferralBody, ctx: AuditContext): Promise<Referral> {
    staffOnly(access, 'cancel referrals')
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await findReferral(tx, access, referralId)
      if (!before) throw notFound('referral')
      await moveReferral(tx, ctx, referralId, {
        from: REFERRAL_OPEN_STATUSES, to: 'cancelled', note: body.reason,
        refusal: 'only a referral still open can be cancelled',
      })
      const partner = await tx.selectFrom('partner').select(['name', 'email']).where('id', '=', before.partnerId).executeTakeFirstOrThrow()
      await mailCancelledReferral(tx, this.deps.mailer, {
        chamberId: access.chamberId, partner, firmName: before.firmName, referralId, publicUrl: this.deps.publicUrl, reason: body.reason,
      })
      const after = (await findReferral(tx, access, referralId))!
      await audit(tx, ctx, { chamberId: access.chamberId, action: 'crm.referral.cancelled', entity: 'referral', entityId: referralId,
        before: { status: before.status }, after: { status: after.status, reason: body.reason } })
      return after
    })
  }
}
