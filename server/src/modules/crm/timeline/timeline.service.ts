import { TIMELINE_FUTURE_TOLERANCE_MS, type Action, type LogEventBody, type LoggedEvent, type Stage, type StageHistory } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Actor } from '../../../core/auth/guard.ts'
import type { AuditContext } from '../../../core/audit.ts'
import { badRequest } from '../../../core/errors.ts'
import type { CrmService } from '../crm.service.ts'
import { firmInReach } from './firm-scope.ts'
import { stageChanges, timelineEvent } from './timeline.queries.ts'
import { Service } from '../../../core/service.ts'

export interface FirmRef { chamberId: number; firmId: number }

/** Hand-logged touches and hand-set stages; both go through the CrmService, inside one transaction. */
export class TimelineService extends Service<{ db: Db; crm: CrmService }> {
  async logEvent(actor: Actor, ref: FirmRef, body: LogEventBody, ctx: AuditContext): Promise<LoggedEvent> {
    const occurredAt = new Date(body.occurredAt)
    if (occurredAt.getTime() > Date.now() + TIMELINE_FUTURE_TOLERANCE_MS) {
      throw badRequest('a touch cannot be logged in the future', [{ path: '/occurredAt', message: 'in the future' }])
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const firm = await firmInReach(tx, actor, ref.chamberId, ref.firmId, 'crm.firms.write')
      if (body.contactId !== undefined) await this.checkContact(tx, firm.id, body.contactId)
      const recorded = await this.deps.crm.recordEvent(tx, ctx, {
        firmId: firm.id, type: body.type, summary: body.summary, occurredAt, details: body.details ?? {},
        contactId: body.contactId ?? null, partnerId: firm.access.partnerId, sourceModule: 'crm',
      })
      return { event: await timelineEvent(tx, recorded.id), stage: recorded.stage, stageChanged: recorded.stageChanged }
    })
  }

  /** The person must be one of the firm's and not erased: an erased person can no longer be named. */
  private async checkContact(tx: DbOrTx, firmId: number, contactId: number): Promise<void> {
    const contact = await tx.selectFrom('contact').select('id')
      .where('id', '=', contactId).where('firm_id', '=', firmId).where('erased_at', 'is', null).executeTakeFirst()
    if (!contact) throw badRequest('the contact is not a person of this firm', [{ path: '/contactId', message: 'not a contact of this firm' }])
  }

  async setStage(actor: Actor, ref: FirmRef, stage: Stage, reason: string, ctx: AuditContext): Promise<StageHistory> {
    if (!reason.trim()) throw badRequest('say why the stage changes', [{ path: '/reason', message: 'empty' }])
    return this.deps.db.transaction().execute(async (tx) => {
      const firm = await firmInReach(tx, actor, ref.chamberId, ref.firmId, 'crm.stage.write')
      await this.deps.crm.setStage(tx, ctx, firm.id, stage, reason.trim())
      return stageHistory(tx, actor, ref, 'crm.stage.write')
    })
  }
}

export async function stageHistory(db: DbOrTx, actor: Actor, ref: FirmRef, action: Action = 'crm.firms.read'): Promise<StageHistory> {
  const firm = await firmInReach(db, actor, ref.chamberId, ref.firmId, action)
  return {
    stage: firm.stage,
    stageChangedAt: firm.stageChangedAt ? firm.stageChangedAt.toISOString() : null,
    items: await stageChanges(db, firm.id),
  }
}
