import type { SubmissionInput, SubmissionOutcome } from './submission.ts'
import { BatchQueue, type BatchProcessor } from '../../core/batch-queue.ts'

/** How many submissions one batch takes at most. */
export const MAX_BATCH = 500

/**
 * Click day: thousands of firms submit in the first seconds. Submissions wait in arrival order and
 * a single writer takes them in batches (core/batch-queue.ts); each batch (submitAll) locks the
 * call's row, so several instances stay correct.
 */
export class SubmissionQueue extends BatchQueue<SubmissionInput, SubmissionOutcome> {
  constructor(process: BatchProcessor<SubmissionInput, SubmissionOutcome>, maxBatch = MAX_BATCH) {
    super(process, maxBatch)
  }
}
