import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import type { WebhookEventType } from './webhook-events.ts'

/**
 * A delivery's body (the Standard Webhooks payload): what happened, when, and the ids and states
 * it concerns (never people's personal data). Fetch the resource by its id for the details.
 */
export interface WebhookEventOf<T extends WebhookEventType> {
  type: T
  /** When it happened (ISO 8601). */
  timestamp: string
  data: Record<string, unknown>
}

/** Any event, discriminated by `type`: `switch (event.type) { case 'referral.created': ... }`. */
export type WebhookEvent = { [T in WebhookEventType]: WebhookEventOf<T> }[WebhookEventType]

/** A verified delivery: the event and its `webhookId`, the same on retries and replays (drop duplicates by it). */
export type VerifiedWebhook = WebhookEvent & { webhookId: string }

/** Node's IncomingHttpHeaders, a fetch Headers, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

function header(headers: WebhookHeaders, name: string): string {
  const value = headers instanceof Headers
    ? headers.get(name)
    : headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]
  const one = Array.isArray(value) ? value[0] : value
  if (!one) throw new WebhookVerificationError(`missing ${name} header`)
  return one
}

/**
 * Checks a delivery's signature (HMAC-SHA256 of id, timestamp and body, with the subscription's
 * `whsec_...` secret) and its timestamp (at most 5 minutes off), then returns the event. Pass the
 * body exactly as received, before any JSON parsing: a re-serialised body does not verify.
 * Throws WebhookVerificationError when anything does not match: answer such a request with 400.
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, rawBody: string | Uint8Array): VerifiedWebhook {
  const signed = {
    'webhook-id': header(headers, 'webhook-id'),
    'webhook-timestamp': header(headers, 'webhook-timestamp'),
    'webhook-signature': header(headers, 'webhook-signature'),
  }
  // JSON in UTF-8: decoding is exact for any body the PID sends (and a mangled one fails to verify).
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody)
  const event = new Webhook(secret).verify(body, signed) as WebhookEvent
  return { ...event, webhookId: signed['webhook-id'] }
}

export { WebhookVerificationError }
