/** A request waiting for its batch: what it asks, and how to answer it. */
export interface Pending<I, O> { input: I; resolve(answer: O): void; reject(err: unknown): void }

/** Processes one batch, answering each of its requests with a result or an error (never throws for one request). */
export type BatchProcessor<I, O> = (batch: readonly Pending<I, O>[]) => Promise<Map<Pending<I, O>, O | Error>>

/**
 * A rush of requests on one hot row (the vouchers' click day, an event's registrations opening):
 * one transaction per request would serialize them on the row's lock, one commit each. Instead
 * requests wait here in arrival order and a single writer takes them in batches of up to
 * `maxBatch`: while one batch commits the next fills up, so under load a batch holds many requests
 * and at rest a lone one goes through at once. Each request is answered only after its batch
 * committed (or with its error). Several instances stay correct as long as the processor locks the
 * hot row: their batches serialize on it.
 */
export class BatchQueue<I, O> {
  private waiting: Pending<I, O>[] = []
  private writer: Promise<void> | null = null
  private readonly process: BatchProcessor<I, O>
  private readonly maxBatch: number
  constructor(process: BatchProcessor<I, O>, maxBatch: number) {
    this.process = process
    this.maxBatch = maxBatch
  }

  submit(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject })
      this.writer ??= this.drain()
    })
  }

  /** Resolves when every request received so far is answered (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.writer) await this.writer
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch)
        let results: Map<Pending<I, O>, O | Error>
        try {
          results = await this.process(batch)
        } catch (err) {
          // The batch could not even start (database unreachable): every request in it fails.
          for (const p of batch) p.reject(err)
          continue
        }
        for (const p of batch) {
          const r = results.get(p)
          if (r instanceof Error) p.reject(r)
          else if (r !== undefined) p.resolve(r)
          else p.reject(new Error('request left unanswered'))
        }
      }
    } finally {
      this.writer = null
    }
  }
}
