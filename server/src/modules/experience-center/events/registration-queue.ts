import type { PublicRegistrationBody, RegistrationOutcome } from '@pid/shared'
import type { AuditContext } from '../../../core/audit.ts'
import { HttpError } from '../../../core/errors.ts'

/** How many registrations one batch takes at most. */
export const MAX_BATCH = 500

/** One public registration, checked (its firm code as the register keeps it), waiting for its batch. */
export interface RegistrationInput { eventId: number; body: PublicRegistrationBody; firmCode: string; ctx: AuditContext }
export interface RegistrationAnswer { created: boolean; outcome: RegistrationOutcome }
export interface Pending { input: RegistrationInput; resolve(a: RegistrationAnswer): void; reject(e: unknown): void }
export type Result = RegistrationAnswer | Error

type Processor = (batch: readonly Pending[]) => Promise<Map<Pending, Result>>

/**
 * An event's registrations opening: thousands of people register in the first seconds. One
 * transaction per registration would serialize them on the event's row lock, one commit each.
 * Instead registrations wait here in arrival order and a single writer takes them in batches
 * (registerAll): while one batch commits the next fills up, so under load a batch holds many
 * registrations and at rest a lone one goes through at once. Each request is answered only after
 * its batch committed (or with its error). Several instances stay correct: their batches of one
 * event serialize on the event's row lock. The vouchers' click day works the same way.
 */
export class RegistrationQueue {
  private waiting: Pending[] = []
  private writer: Promise<void> | null = null
  private readonly process: Processor
  private readonly maxBatch: number
  constructor(process: Processor, maxBatch = MAX_BATCH) {
    this.process = process
    this.maxBatch = maxBatch
  }

  submit(input: RegistrationInput): Promise<RegistrationAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject })
      this.writer ??= this.drain()
    })
  }

  /** Resolves when every registration received so far is answered (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.writer) await this.writer
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch)
        let results: Map<Pending, Result>
        try {
          results = await this.process(batch)
        } catch (err) {
          for (const p of batch) p.reject(err)
          continue
        }
        for (const p of batch) {
          const r = results.get(p)
          if (r instanceof HttpError || r instanceof Error) p.reject(r)
          else if (r) p.resolve(r)
          else p.reject(new Error('registration left unanswered'))
        }
      }
    } finally {
      this.writer = null
    }
  }
}
