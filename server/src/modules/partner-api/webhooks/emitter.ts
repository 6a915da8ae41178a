import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { WebhookEventType } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import type { CrmService } from '../../crm/index.ts'

/** Something a partner may hear of: who (the organisations), what (type, data), where (chamber). */
export interface WebhookEvent {
  type: WebhookEventType
  chamberId: number
  /** The firm it is about: every organisation related to it (registered, referred, consent) hears of it. */
  firmId?: number
  /** Organisations that hear of it whatever their relation to the firm (a referral's partner). */
  partnerIds?: readonly number[]
  /** The event's `data`: ids and states, never people's personal data. */
  data: Record<string, unknown>
}

/** What the emitter asks the CRM: who is related to a firm, who has an agreement in force with a chamber. */
type PartnerReach = Pick<CrmService, 'partnersOfFirm' | 'partnersInForceWith'>

/** The queue whose jobs send one delivery each (sender.ts). */
export const DELIVERY_QUEUE = 'partner-api.webhook-delivery'

/** The webhook-id header of a delivery: kept on every retry and replay, so receivers drop duplicates. */
export const newMessageId = () => `msg_${randomBytes(16).toString('base64url')}`

/** The Standard Webhooks body: `{ type, timestamp, data }`. */
export const webhookPayload = (type: WebhookEventType, data: Record<string, unknown>, at = new Date()) =>
  ({ type, timestamp: at.toISOString(), data })

/**
 * How every module tells partners that something changed: `emit` inside the transaction of the
 * change writes one delivery per matching active subscription and queues it, so a rolled-back
 * change sends nothing and a committed one is never lost. Sending, signing and retrying are
 * sender.ts's.
 */
export class Webhooks {
  /** `crm` is a getter: the CRM's service is built with this emitter (it emits referrals), so it comes after it. */
  private readonly deps: { crm: () => PartnerReach; jobs: JobQueue }
  constructor(deps: { crm: () => PartnerReach; jobs: JobQueue }) {
    this.deps = deps
  }

  async emit(tx: DbOrTx, event: WebhookEvent): Promise<void> {
    const related = event.firmId === undefined ? [] : await this.deps.crm().partnersOfFirm(tx, event.firmId)
    const candidates = [...new Set([...(event.partnerIds ?? []), ...related])]
    // A client never hears of another chamber's firms: only organisations in agreement with this one.
    const partners = await this.deps.crm().partnersInForceWith(tx, event.chamberId, candidates)
    if (partners.length === 0) return
    const subscriptions = await tx.selectFrom('webhook_subscription as s')
      .innerJoin('api_client as c', 'c.id', 's.api_client_id')
      .select('s.id')
      .where('c.partner_id', 'in', partners).where('c.status', '=', 'active').where('s.status', '=', 'active')
      .where(sql<boolean>`${event.type} = ANY(s.events)`)
      .execute()
    await this.enqueue(tx, subscriptions.map((s) => s.id), event.type, event.data)
  }

  /** One delivery per subscription (one INSERT) and the jobs that send them (one more). */
  async enqueue(tx: DbOrTx, subscriptionIds: readonly number[], type: WebhookEventType, data: Record<string, unknown>): Promise<number[]> {
    if (subscriptionIds.length === 0) return []
    const payload = JSON.stringify(webhookPayload(type, data))
    const rows = await tx.insertInto('webhook_delivery').values(subscriptionIds.map((id) => ({
      message_id: newMessageId(), subscription_id: id, event_type: type, payload, next_attempt_at: sql<Date>`now()`,
    }))).returning('id').execute()
    const ids = rows.map((r) => Number(r.id))
    await this.deps.jobs.enqueueMany(tx, DELIVERY_QUEUE, ids.map((deliveryId) => ({ payload: { deliveryId } })))
    return ids
  }
}
