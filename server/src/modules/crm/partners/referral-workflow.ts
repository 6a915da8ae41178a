import { sql } from 'kysely'
import type { AuditAction, Referral, ReferralFeedback, ReferralFeedbackBody, ReferralResponseBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { TimelineRecorder } from '../crm.types.ts'
import type { Mailer } from '../../../core/mail.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { forbidden, notFound } from '../../../core/errors.ts'
import type { FirmAccess } from '../access.ts'
import { findReferral } from './referral-queries.ts'
import { moveReferral } from './referral-steps.ts'
import { mailReferralAnswerToStaff } from './referral-mail.ts'
import { Service } from '../../../core/service.ts'

const OUTCOME_LABELS: Record<ReferralFeedback['outcome'], string> = {
  solved: 'esigenza risolta', partially_solved: 'esigenza risolta in parte', not_solved: 'esigenza non risolta',
  firm_withdrew: "l'impresa si è ritirata",
}

/**
 * The partner's side of a referral: accept or decline it, start the work, send the feedback sheet.
 * Only users acting for the organisation the firm was referred to; another organisation's referral
 * is not found.
 */
export class ReferralWorkflow extends Service<{ db: Db; crm: TimelineRecorder; mailer: Mailer; publicUrl: string }> {
  async respond(access: FirmAccess, referralId: number, body: ReferralResponseBody, ctx: AuditContext): Promise<Referral> {
    return this.deps.db.transaction().execute(async (tx) => {
      const referral = await this.ownReferral(tx, access, referralId)
      const to = body.accept ? 'accepted' : 'declined'
      await moveReferral(tx, ctx, referral.id, {
        from: ['sent'], to, note: body.note ?? null, set: { responded_at: sql`now()` },
        refusal: 'the referral has already been answered',
      })
      // A declined referral leaves the firm's need open: whoever referred it must know.
      if (!body.accept) {
        await mailReferralAnswerToStaff(tx, this.deps.mailer, { referral, publicUrl: this.deps.publicUrl, answer: 'declined', note: body.note ?? null })
      }
      return this.finish(tx, access, ctx, referral, `crm.referral.${to}`, { note: body.note ?? null })
    })
  }

  async start(access: FirmAccess, referralId: number, ctx: AuditContext): Promise<Referral> {
    return this.deps.db.transaction().execute(async (tx) => {
      const referral = await this.ownReferral(tx, access, referralId)
      await moveReferral(tx, ctx, referral.id, { from: ['accepted'], to: 'in_progress', refusal: 'only an accepted referral can be started' })
      return this.finish(tx, access, ctx, referral, 'crm.referral.started', {})
    })
  }

  /** Stores the feedback sheet, completes the referral and puts the sheet on the firm's timeline. */
  async feedback(access: FirmAccess, referralId: number, body: ReferralFeedbackBody, ctx: AuditContext): Promise<Referral> {
    return this.deps.db.transaction().execute(async (tx) => {
      const referral = await this.ownReferral(tx, access, referralId)
      const sheet: ReferralFeedback = {
        outcome: body.outcome, servicesDelivered: body.servicesDelivered, followUp: body.followUp,
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        submittedAt: new Date().toISOString(), submittedBy: ctx.actorId,
      }
      await moveReferral(tx, ctx, referral.id, {
        from: ['accepted', 'in_progress'], to: 'completed', note: body.notes ?? null,
        set: { feedback: JSON.stringify(sheet), completed_at: sql`now()` },
        refusal: 'feedback is sent once, for an accepted or started referral',
      })
      await this.deps.crm.recordEvent(tx, ctx, {
        firmId: referral.firmId, type: 'partner_feedback', partnerId: referral.partnerId,
        summary: `Scheda di feedback di ${referral.partnerName}: ${OUTCOME_LABELS[body.outcome]}`,
        details: { referralId: referral.id, ...sheet },
      })
      await mailReferralAnswerToStaff(tx, this.deps.mailer, { referral, publicUrl: this.deps.publicUrl, answer: 'completed', note: body.followUp })
      return this.finish(tx, access, ctx, referral, 'crm.referral.completed', { feedback: sheet })
    })
  }

  /** The referral of the path, if it was made to the actor's organisation in this chamber. */
  private async ownReferral(tx: DbOrTx, access: FirmAccess, referralId: number): Promise<Referral> {
    if (access.partnerId === null) throw forbidden('only the partner organisation the firm was referred to answers a referral')
    const referral = await findReferral(tx, access, referralId)
    if (!referral) throw notFound('referral')
    return referral
  }

  private async finish(tx: DbOrTx, access: FirmAccess, ctx: AuditContext, before: Referral, action: AuditAction,
    extra: Record<string, unknown>): Promise<Referral> {
    const after = (await findReferral(tx, access, before.id))!
    await audit(tx, ctx, { chamberId: access.chamberId, action, entity: 'referral', entityId: before.id,
      before: { status: before.status }, after: { status: after.status, ...extra } })
    return after
  }
}
