import { sql } from 'kysely'
import type { WebhookDelivery, WebhookDeliveryDetail, WebhookDeliveryQuery } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import { DELIVERY_QUEUE } from './emitter.ts'
import { deliveryQuery, toAttempt, toDelivery, type Owner } from './rows.ts'

/** An API client's delivery log (newest first) and replays; another client's delivery is not found. */
export class DeliveriesService extends Service<{ db: Db; jobs: JobQueue }> {
  async list(owner: Owner, q: WebhookDeliveryQuery): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50
    let query = deliveryQuery(this.deps.db, owner.clientId).orderBy('d.id', 'desc').limit(limit + 1)
    if (q.status !== undefined) query = query.where('d.status', '=', q.status)
    if (q.eventType !== undefined) query = query.where('d.event_type', '=', q.eventType)
    if (q.cursor !== undefined) {
      if (!/^[0-9]{1,15}$/.test(q.cursor)) throw badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])
      query = query.where('d.id', '<', Number(q.cursor))
    }
    const rows = await query.execute()
    const page = rows.slice(0, limit)
    return { items: page.map(toDelivery), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null }
  }

  async get(owner: Owner, id: number, db: DbOrTx = this.deps.db): Promise<WebhookDeliveryDetail> {
    const row = await deliveryQuery(db, owner.clientId).where('d.id', '=', id).executeTakeFirst()
    if (!row) throw notFound('webhook delivery')
    const attempts = await db.selectFrom('webhook_attempt').selectAll().where('delivery_id', '=', id).orderBy('id').execute()
    return { ...toDelivery(row), payload: row.payload, attemptLog: attempts.map(toAttempt) }
  }

  /**
   * Sends the delivery again now, with the same webhook-id (the receiver drops it if it already
   * has it): the delivery is pending again and, should this attempt fail, continues the retry
   * schedule where it was (one already past it is failed again).
   */
  async replay(owner: Owner, id: number, ctx: AuditContext): Promise<WebhookDelivery> {
    return this.deps.db.transaction().execute(async (tx) => {
      const found = await deliveryQuery(tx, owner.clientId).where('d.id', '=', id).forUpdate('d').executeTakeFirst()
      if (!found) throw notFound('webhook delivery')
      await tx.updateTable('webhook_delivery').set({ status: 'pending', next_attempt_at: sql<Date>`now()` }).where('id', '=', id).execute()
      await this.deps.jobs.enqueue(tx, DELIVERY_QUEUE, { deliveryId: id, replayedBy: ctx.actorId })
      await audit(tx, ctx, { chamberId: owner.chamberId, action: 'partner_api.delivery.replayed', entity: 'webhook_delivery', entityId: id,
        after: { messageId: found.message_id, status: found.status } })
      return toDelivery(await deliveryQuery(tx, owner.clientId).where('d.id', '=', id).executeTakeFirstOrThrow())
    })
  }
}
