import type { WebhookEventType } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'

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

/**
 * How every module tells partners that something changed: `emit` inside the transaction of the
 * change writes one delivery per matching active subscription and queues it, so a rolled-back
 * change sends nothing and a committed one is never lost. Sending, signing and retrying are the
 * webhooks part's (webhooks/).
 */
export class Webhooks {
  async emit(_tx: DbOrTx, _event: WebhookEvent): Promise<void> {
    // filled in by the webhooks part
  }
}
