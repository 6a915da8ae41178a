/*
 * Generated from @pid/shared (partner-api/webhook-events.ts) by `pnpm --filter @pid/partner-client generate`.
 * A test fails when it differs from the platform's list: regenerate, never edit.
 */

/** The events a webhook subscription may ask for. */
export const WEBHOOK_EVENTS = [
  'referral.created',
  'referral.overdue',
  'application.status_changed',
  'assessment.completed',
  'event.registration.changed',
  'ping',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]
