import type { PublicRegistrationBody, RegistrationOutcome } from '@pid/shared'
import type { AuditContext } from '../../../core/audit.ts'
import { BatchQueue, type BatchProcessor, type Pending as QueuedRequest } from '../../../core/batch-queue.ts'

/** How many registrations one batch takes at most. */
export const MAX_BATCH = 500

/**
 * One registration, checked (its firm code as the register keeps it), waiting for its batch: from
 * the public form, or made by a partner organisation through the API (`partner`: which one, and who).
 */
export interface RegistrationInput {
  eventId: number; body: PublicRegistrationBody; firmCode: string; ctx: AuditContext
  partner?: { partnerId: number; userId: number }
}
export interface RegistrationAnswer { created: boolean; registrationId: number; outcome: RegistrationOutcome }
export type Pending = QueuedRequest<RegistrationInput, RegistrationAnswer>
export type Result = RegistrationAnswer | Error

/**
 * An event's registrations opening: thousands of people register in the first seconds. They wait
 * in arrival order and a single writer takes them in batches (core/batch-queue.ts, as the vouchers'
 * click day); each batch (registerAll) locks the event's row, so several instances stay correct.
 */
export class RegistrationQueue extends BatchQueue<RegistrationInput, RegistrationAnswer> {
  constructor(process: BatchProcessor<RegistrationInput, RegistrationAnswer>, maxBatch = MAX_BATCH) {
    super(process, maxBatch)
  }
}
