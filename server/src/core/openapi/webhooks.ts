import { WEBHOOK_EVENTS, WEBHOOK_PAYLOADS, type WebhookEventType } from '@pid/shared'

const EVENT_SUMMARIES: Record<WebhookEventType, string> = {
  'referral.created': 'A chamber sent a referral to the partner',
  'referral.overdue': 'A referral to the partner is overdue (no answer, or no feedback in time)',
  'application.status_changed': 'A voucher application of a related firm changed status',
  'assessment.completed': 'A related firm completed a self-assessment',
  'event.registration.changed': "A related firm's event registration changed (confirmed, waitlisted, cancelled, attended)",
  ping: 'A test delivery, sent on demand',
}

/**
 * THE place to plug the per-type `data` schemas in (shared/src/partner-api/webhook-payloads.ts):
 * until they exist, `data` is described as an object.
 */
function dataSchema(type: WebhookEventType): Record<string, unknown> {
  // The TypeBox schema of the event's data (shared/src/partner-api/webhook-payloads.ts), as plain JSON Schema.
  const schema = JSON.parse(JSON.stringify(WEBHOOK_PAYLOADS[type])) as Record<string, unknown>
  return { description: `What the \`${type}\` event carries.`, ...schema }
}

const header = (name: string, description: string, example: string) => ({
  in: 'header', name, required: true, description, schema: { type: 'string' }, example,
})

/** The OpenAPI 3.1 `webhooks` section: one POST per event type, as partners' endpoints receive it. */
export function webhooksSection(): Record<string, unknown> {
  return Object.fromEntries(WEBHOOK_EVENTS.map((type) => [type, {
    post: {
      operationId: `webhook${type.split(/[._]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`,
      tags: ['webhooks'],
      summary: EVENT_SUMMARIES[type],
      description: 'Sent to the URL of every subscription to this event. Verify the signature over `webhook-id.webhook-timestamp.body` ' +
        '(Standard Webhooks, HMAC-SHA256 with the subscription secret), then drop deliveries whose `webhook-id` you have already seen: ' +
        'retries and replays carry the same id. Answer 2xx quickly; anything else (or no answer) is retried with backoff.',
      security: [],
      parameters: [
        header('webhook-id', "The delivery's id: the same on retries and replays (deduplicate on it).", 'msg_2Ksd7hQfX1bJ'),
        header('webhook-timestamp', 'Unix time (seconds) of this attempt: refuse one too far from now.', '1765144800'),
        header('webhook-signature', 'Space-separated `v1,<base64 HMAC-SHA256>` signatures (more than one while a secret rotates).', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object', required: ['type', 'timestamp', 'data'], additionalProperties: false,
              properties: {
                type: { type: 'string', const: type, description: 'The event type.' },
                timestamp: { type: 'string', format: 'date-time', description: 'When the event happened.' },
                data: dataSchema(type),
              },
            },
          },
        },
      },
      responses: {
        '2XX': { description: 'Received: the delivery is done.' },
        default: { description: 'Not received: the delivery is retried with backoff.' },
      },
    },
  }]))
}
