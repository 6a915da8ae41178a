import type { WebhookData, WebhookRegistrationStatus } from '@pid/shared'
import type { Tx } from '../../../db/database.ts'
import type { Webhooks } from '../../partner-api/index.ts'

/** One registration's move, as a writer of registrations knows it (previous: null for a new one). */
export interface RegistrationChange {
  id: number
  firmId: number
  status: WebhookRegistrationStatus
  previous: WebhookRegistrationStatus | null
}

/**
 * Tells the partners related to each registration's firm that it changed
 * (event.registration.changed), in the transaction that changed it. Every registration has its firm
 * (the public form, the partner's and the door's all enrol one), so every change is told; the
 * emitter writes deliveries only for the organisations related to that firm.
 */
export async function emitRegistrationChanges(webhooks: Webhooks, tx: Tx, event: { id: number; chamberId: number },
  changes: readonly RegistrationChange[]): Promise<void> {
  await webhooks.emitMany(tx, changes.filter((c) => c.status !== c.previous).map((c) => ({ type: 'event.registration.changed', chamberId: event.chamberId, firmId: c.firmId, data: {
      eventId: event.id, registrationId: c.id, firmId: c.firmId, chamberId: event.chamberId, status: c.status, previousStatus: c.previous,
    } satisfies WebhookData<'event.registration.changed'> })))
}
