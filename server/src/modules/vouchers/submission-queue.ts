import type { Pending, Result, SubmissionInput, SubmissionOutcome } from './submission.ts'
import { HttpError } from '../../core/errors.ts'

/** How many submissions one batch takes at most. */
export const MAX_BATCH = 500

type Processor = (batch: readonly Pending[]) => Promise<Map<Pending, Result | Error>>

/**
 * Click day: thousands of firms submit in the first seconds. One transaction per submission would
 * serialize them on the call's row lock at one commit (one fsync) each. Instead submissions wait
 * here in arrival order and a single writer takes them in batches: while one batch commits, the
 * next fills up, so under load a batch holds many submissions and at rest a lone submission goes
 * through at once. Each request is answered only after its batch committed. Several instances stay
 * correct: their batches of a call serialize on the call's row lock.
 */
export class SubmissionQueue {
  private waiting: Pending[] = []
  private writer: Promise<void> | null = null

  private readonly process: Processor
  private readonly maxBatch
  constructor(process: Processor, maxBatch = MAX_BATCH) {
    this.process = process
    this.maxBatch = maxBatch
  }

  submit(input: SubmissionInput): Promise<SubmissionOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject })
      this.writer ??= this.drain()
    })
  }

  /** Resolves when every submission received so far is answered (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.writer) await this.writer
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch)
        let results: Map<Pending, Result | Error>
        try {
          results = await this.process(batch)
        } catch (err) {
          // The batch could not even start (database unreachable): every request in it fails.
          for (const p of batch) p.reject(err)
          continue
        }
        for (const p of batch) {
          const r = results.get(p)
          if (r instanceof HttpError || r instanceof Error) p.reject(r)
          else if (r) p.resolve(r)
          else p.reject(new Error('submission left unanswered'))
        }
      }
    } finally {
      this.writer = null
    }
  }
}
