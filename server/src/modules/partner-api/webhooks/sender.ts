import { sql } from 'kysely'
import { Webhook } from 'standardwebhooks'
import type { Config } from '../../../config.ts'
import type { Db } from '../../../db/database.ts'
import type { JobQueue } from '../../../core/jobs.ts'
import { DELIVERY_QUEUE } from './emitter.ts'
import { CLAIM_SECONDS, RESPONSE_EXCERPT_CHARS, retryDelaySeconds, SEND_TIMEOUT_MS } from './schedule.ts'
import { webhookUrlAllowed } from './urls.ts'

/** A delivery job's payload: which delivery, and who asked for it again (a replay). */
export interface DeliveryJob { deliveryId: number; replayedBy?: number | null }

interface Outcome { statusCode: number | null; excerpt: string | null; error: string | null; durationMs: number }

/**
 * Sends deliveries: one attempt per job, signed the Standard Webhooks way (webhook-id,
 * webhook-timestamp, webhook-signature: HMAC-SHA256 over `id.timestamp.body` with the
 * subscription's whsec_ secret), every attempt logged, retried on RETRY_SCHEDULE_SECONDS.
 *
 * An attempt first claims its delivery in a short transaction (a due `pending` row, locked, whose
 * next_attempt_at moves CLAIM_SECONDS ahead), sends with no transaction open (a slow receiver
 * holds no connection), then records the outcome. A job run twice, or a stale job of an earlier
 * schedule, finds the delivery delivered, failed or not due and does nothing.
 */
export class WebhookSender {
  private readonly deps: { db: Db; jobs: JobQueue; config: Pick<Config, 'env'> }
  constructor(deps: { db: Db; jobs: JobQueue; config: Pick<Config, 'env'> }) {
    this.deps = deps
  }

  async deliver(job: DeliveryJob): Promise<void> {
    const claimed = await this.claim(job.deliveryId)
    if (!claimed) return
    const outcome = claimed.refused ?? await send(claimed)
    await this.record(claimed.id, outcome, job.replayedBy ?? null, claimed.refused !== undefined)
  }

  /** Jobs again for every delivery still pending (jobs lost, or a worker that died mid-send): run at each start. */
  async requeuePending(): Promise<void> {
    const rows = await this.deps.db.selectFrom('webhook_delivery').select(['id', 'next_attempt_at'])
      .where('status', '=', 'pending').execute()
    await this.deps.jobs.enqueueMany(this.deps.db, DELIVERY_QUEUE, rows.map((r) => ({
      payload: { deliveryId: Number(r.id) }, ...(r.next_attempt_at === null ? {} : { startAfter: new Date(r.next_attempt_at) }),
    })))
  }

  private async claim(id: number) {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('webhook_delivery as d')
        .innerJoin('webhook_subscription as s', 's.id', 'd.subscription_id')
        .innerJoin('api_client as c', 'c.id', 's.api_client_id')
        .select(['d.id', 'd.message_id', 'd.payload', 's.url', 's.secret', 's.status as subscriptionStatus', 'c.status as clientStatus',
          sql<boolean>`d.status = 'pending' AND coalesce(d.next_attempt_at <= now(), true)`.as('due')])
        .where('d.id', '=', id).forUpdate('d').executeTakeFirst()
      if (!row?.due) return null
      await tx.updateTable('webhook_delivery').set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${CLAIM_SECONDS})` })
        .where('id', '=', id).execute()
      // Refused without sending: logged as an attempt, and final (no retry would change it).
      const refusal = row.subscriptionStatus !== 'active' || row.clientStatus !== 'active' ? 'the subscription is disabled or its client revoked'
        : !webhookUrlAllowed(row.url, this.deps.config.env) ? 'webhooks are sent to https URLs only' : null
      return { ...row, refused: refusal === null ? undefined : { statusCode: null, excerpt: null, error: refusal, durationMs: 0 } }
    })
  }

  private async record(id: number, o: Outcome, replayedBy: number | null, final: boolean): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      // The row first (locked): the subscription may have been deleted, with its deliveries, while we sent.
      const counted = await tx.updateTable('webhook_delivery')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_status_code: o.statusCode, last_error: o.error }))
        .where('id', '=', id).returning('attempts').executeTakeFirst()
      if (!counted) return
      const { attempts } = counted
      await tx.insertInto('webhook_attempt').values({
        delivery_id: id, status_code: o.statusCode, response_excerpt: o.excerpt, error: o.error, duration_ms: o.durationMs, replayed_by: replayedBy,
      }).execute()
      const ok = o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300
      const wait = ok || final ? null : retryDelaySeconds(attempts)
      if (ok) {
        await tx.updateTable('webhook_delivery').set({ status: 'delivered', delivered_at: new Date(), next_attempt_at: null }).where('id', '=', id).execute()
      } else if (wait === null) {
        await tx.updateTable('webhook_delivery').set({ status: 'failed', next_attempt_at: null }).where('id', '=', id).execute()
      } else {
        const at = new Date(Date.now() + wait * 1000)
        await tx.updateTable('webhook_delivery').set({ next_attempt_at: at }).where('id', '=', id).execute()
        await this.deps.jobs.enqueue(tx, DELIVERY_QUEUE, { deliveryId: id }, { startAfter: at })
      }
    })
  }
}

/** One signed POST, timed out after SEND_TIMEOUT_MS; redirects are not followed (a 3xx is a failure). */
async function send(d: { message_id: string; payload: Record<string, unknown>; url: string; secret: string }): Promise<Outcome> {
  const body = JSON.stringify(d.payload)
  const now = new Date()
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'PID-Webhooks/1',
    'webhook-id': d.message_id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(d.secret).sign(d.message_id, now, body),
  }
  const started = performance.now()
  try {
    const res = await fetch(d.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
    const excerpt = await readExcerpt(res)
    const ok = res.status >= 200 && res.status < 300
    return { statusCode: res.status, excerpt, error: ok ? null : `HTTP ${res.status}`, durationMs: elapsed(started) }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } }
    const error = e.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : e.cause?.code ?? e.cause?.message ?? e.message
    return { statusCode: null, excerpt: null, error: String(error).slice(0, 500), durationMs: elapsed(started) }
  }
}

const elapsed = (since: number) => Math.round(performance.now() - since)

/** The start of the answer, without reading more of it than the log keeps (a receiver may answer megabytes). */
async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < RESPONSE_EXCERPT_CHARS) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } catch { /* an answer cut short: keep what came */ }
  await reader.cancel().catch(() => {})
  return text === '' ? null : text.slice(0, RESPONSE_EXCERPT_CHARS)
}
