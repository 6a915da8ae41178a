import { describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { verifyWebhook, WebhookVerificationError, WEBHOOK_EVENTS, newIdempotencyKey } from './index.ts'

const secret = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`
const body = JSON.stringify({ type: 'referral.created', timestamp: '2026-12-07T10:00:00.000Z', data: { referralId: 7, chamberId: 3 } })

/** A delivery signed as the PID signs it (Standard Webhooks: HMAC-SHA256 over id.timestamp.body). */
function signed(payload = body, at = new Date()) {
  const id = 'msg_2f1c'
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, payload) }
}

describe('verifyWebhook', () => {
  it('returns the event and its webhook-id from Node headers, fetch Headers or a raw Buffer', () => {
    const expected = { type: 'referral.created', timestamp: '2026-12-07T10:00:00.000Z', data: { referralId: 7, chamberId: 3 }, webhookId: 'msg_2f1c' }
    expect(verifyWebhook(secret, signed(), body)).toEqual(expected)
    expect(verifyWebhook(secret, new Headers(signed()), Buffer.from(body))).toEqual(expected)
    const event = verifyWebhook(secret, signed(), body)
    if (event.type === 'referral.created') expect(event.data.referralId).toBe(7)
  })

  it('refuses a changed body, another secret, a missing header and a stale timestamp', () => {
    expect(() => verifyWebhook(secret, signed(), body.replace('7', '8'))).toThrow(WebhookVerificationError)
    const other = `whsec_${Buffer.from('another secret of 32 bytes here!').toString('base64')}`
    expect(() => verifyWebhook(other, signed(), body)).toThrow(WebhookVerificationError)
    const { 'webhook-signature': _dropped, ...unsigned } = signed()
    expect(() => verifyWebhook(secret, unsigned, body)).toThrow(/webhook-signature/)
    expect(() => verifyWebhook(secret, signed(body, new Date(Date.now() - 10 * 60_000)), body)).toThrow(WebhookVerificationError)
  })

  it('knows every event the platform sends', () => {
    expect(WEBHOOK_EVENTS).toContain('ping')
  })
})

describe('newIdempotencyKey', () => {
  it('makes a new UUID each time', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
