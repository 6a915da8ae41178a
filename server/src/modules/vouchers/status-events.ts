import type { ApplicationStatus, WebhookData } from '@pid/shared'
import type { Tx } from '../../db/database.ts'
import type { Webhooks } from '../partner-api/index.ts'
import { protocolOf } from './application-rows.ts'

/** One application's move from one status to another, as a writer of statuses knows it. */
export interface StatusChange {
  id: number
  firmId: number
  protocolNumber: number | null
  from: string
  to: ApplicationStatus
}

/**
 * Tells the partners related to each firm that its application changed status
 * (application.status_changed), in the transaction that changed it: every writer of
 * voucher_application.status calls this once with what it moved (a batch of submissions, a reserve
 * list moving, one decision). A status written again unchanged is no news and is left out.
 */
export async function emitStatusChanges(webhooks: Webhooks, tx: Tx, call: { id: number; code: string; chamberId: number },
  changes: readonly StatusChange[]): Promise<void> {
  await webhooks.emitMany(tx, changes.filter((c) => c.from !== c.to).map((c) => ({ type: 'application.status_changed', chamberId: call.chamberId, firmId: c.firmId, data: {
      applicationId: c.id, callId: call.id, firmId: c.firmId, chamberId: call.chamberId, protocol: protocolOf(call.code, c.protocolNumber),
      from: c.from as ApplicationStatus, to: c.to,
    } satisfies WebhookData<'application.status_changed'> })))
}
