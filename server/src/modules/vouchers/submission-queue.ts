import type { FastifyBaseLogger } from 'fastify'
import { HttpError } from '../../core/errors.ts'
import type { Pending, SubmissionInput, SubmissionOutcome } from './submission.ts'

/** How many submissions one transaction takes at most. */
export const MAX_BATCH = 200
const RETRYABLE = new Set(['40001', '40P01'])

type Processor = (callId: number, batch: readonly Pending[]) => Promise<Map<Pending, SubmissionOutcome | HttpError>>

/**
 * Click day: thousands of firms submit in the first seconds. One transaction per submission would
 * serialize them on the call's row lock at one commit (one fsync) each. Instead, submissions for a
 * call wait here in arrival order and a single writer per call takes them in batches: while one
 * batch commits, the next fills up, so under load a batch holds many submissions and at rest a
 * lone submission goes through at once. Each request is answered only after its batch committed.
 * Several instances stay correct: their batches serialize on the call's row lock.
 *
 * A batch that fails as a whole (a deadlock is retried) is split: each submission is retried
 * alone, so one bad request cannot fail the others.
 */
export class SubmissionQueue {
  private readonly waiting = new Map<number, Pending[]>()
  private readonly writers = new Map<number, Promise<void>>()

  constructor(private readonly process: Processor, private readonly log: FastifyBaseLogger, private readonly maxBatch = MAX_BATCH) {}

  submit(callId: number, input: SubmissionInput): Promise<SubmissionOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(callId) ?? []
      queue.push({ input, resolve, reject })
      this.waiting.set(callId, queue)
      if (!this.writers.has(callId)) this.writers.set(callId, this.drain(callId))
    })
  }

  /** Resolves when every submission received so far is answered (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.writers.size) await Promise.all(this.writers.values())
  }

  private async drain(callId: number): Promise<void> {
    try {
      for (let queue = this.waiting.get(callId); queue?.length; queue = this.waiting.get(callId)) {
        const batch = queue.splice(0, this.maxBatch)
        await this.run(callId, batch)
      }
    } finally {
      this.waiting.delete(callId)
      this.writers.delete(callId)
    }
  }

  private async run(callId: number, batch: Pending[], attempt = 1): Promise<void> {
    let results: Map<Pending, SubmissionOutcome | HttpError>
    try {
      results = await this.process(callId, batch)
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code && RETRYABLE.has(code) && attempt < 4) return this.run(callId, batch, attempt + 1)
      if (batch.length > 1) {
        this.log.warn({ err, callId, size: batch.length }, 'submission batch failed: retrying each submission alone')
        for (const p of batch) await this.run(callId, [p])
        return
      }
      batch[0]!.reject(err)
      return
    }
    for (const p of batch) {
      const r = results.get(p)
      if (r instanceof HttpError) p.reject(r)
      else if (r) p.resolve(r)
      else p.reject(new Error('submission left unanswered'))
    }
  }
}
