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
type PartnerReach = Pick<CrmService, 'partnersOfFirms' | 'partnersInForceWith'>

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
    await this.emitMany(tx, [event])
  }

  /**
   * Many events of one change (a batch of submissions, a registration rush) in a fixed number of
   * queries whatever their count: the firms' organisations, their agreements in force, the
   * matching subscriptions, one INSERT of the deliveries and one of their jobs.
   */
  async emitMany(tx: DbOrTx, events: readonly WebhookEvent[]): Promise<void> {
    if (events.length === 0) return
    const crm = this.deps.crm()
    const firmIds = events.flatMap((e) => (e.firmId === undefined ? [] : [e.firmId]))
    const ofFirm = await crm.partnersOfFirms(tx, firmIds)
    const candidates = events.map((e) => [...new Set([...(e.partnerIds ?? []), ...(e.firmId === undefined ? [] : ofFirm.get(e.firmId) ?? [])])])
    // A client never hears of another chamber's firms: only organisations in agreement with the event's chamber.
    const inForce = new Set((await crm.partnersInForceWith(tx, events.map((e) => e.chamberId), candidates.flat()))
      .map((a) => `${a.chamberId}:${a.partnerId}`))
    const hearers = events.map((e, i) => new Set(candidates[i]!.filter((p) => inForce.has(`${e.chamberId}:${p}`))))
    const partners = [...new Set(hearers.flatMap((h) => [...h]))]
    if (partners.length === 0) return
    const subscriptions = await tx.selectFrom('webhook_subscription as s')
      .innerJoin('api_client as c', 'c.id', 's.api_client_id')
      .select(['s.id', 'c.partner_id', 's.events'])
      .where('c.partner_id', 'in', partners).where('c.status', '=', 'active').where('s.status', '=', 'active')
      .where(sql<boolean>`s.events && ${[...new Set(events.map((e) => e.type))]}::text[]`)
      .execute()
    const deliveries = events.flatMap((e, i) => subscriptions
      .filter((s) => hearers[i]!.has(Number(s.partner_id)) && s.events.includes(e.type))
      .map((s) => ({ subscriptionId: s.id, type: e.type, data: e.data })))
    await this.insertDeliveries(tx, deliveries)
  }

  /** One delivery per subscription of one event (a ping): see insertDeliveries. */
  async enqueue(tx: DbOrTx, subscriptionIds: readonly number[], type: WebhookEventType, data: Record<string, unknown>): Promise<number[]> {
    return this.insertDeliveries(tx, subscriptionIds.map((subscriptionId) => ({ subscriptionId, type, data })))
  }

  /** The deliveries (one INSERT) and the jobs that send them (one more). */
  private async insertDeliveries(tx: DbOrTx, deliveries: readonly { subscriptionId: number; type: WebhookEventType; data: Record<string, unknown> }[]): Promise<number[]> {
    if (deliveries.length === 0) return []
    const rows = await tx.insertInto('webhook_delivery').values(deliveries.map((d) => ({
      message_id: newMessageId(), subscription_id: d.subscriptionId, event_type: d.type,
      payload: JSON.stringify(webhookPayload(d.type, d.data)), next_attempt_at: sql<Date>`now()`,
    }))).returning('id').execute()
    const ids = rows.map((r) => Number(r.id))
    await this.deps.jobs.enqueueMany(tx, DELIVERY_QUEUE, ids.map((deliveryId) => ({ payload: { deliveryId } })))
    return ids
  }
}
