/**
 * What partners can subscribe to. Each delivery's body is `{ type, timestamp, data }` (the
 * Standard Webhooks payload shape); `data` is described per type in the OpenAPI document's
 * `webhooks` section.
 */
export const WEBHOOK_EVENTS = [
  // a referral to the partner: created by the chamber's staff, overdue (no answer, or no feedback in time)
  'referral.created',
  'referral.overdue',
  // a voucher application of a firm related to the partner changed status (submitted, admitted, granted, paid...)
  'application.status_changed',
  // a firm related to the partner completed a self-assessment
  'assessment.completed',
  // a registration of a firm related to the partner to an event: confirmed, waitlisted, cancelled, attended
  'event.registration.changed',
  // sent on demand from the partner's page or the API, to test an endpoint
  'ping',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]
