/**
 * A fresh Idempotency-Key for a POST that creates something. The convention: make the key once
 * per intended creation, keep it with the work item, and send the same key on every retry of it
 * (`headers: { 'Idempotency-Key': key }`). The API then answers a retry with the first answer
 * instead of creating twice; the same key with another body is refused (422
 * `idempotency_key_reused`), and one still being processed answers 409 `idempotency_key_in_flight`.
 */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID()
}

/** The header's name, for `headers: { [IDEMPOTENCY_KEY]: newIdempotencyKey() }`. */
export const IDEMPOTENCY_KEY = 'Idempotency-Key'
