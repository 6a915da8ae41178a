import type { Config } from '../../../config.ts'
import { badRequest } from '../../../core/errors.ts'

/**
 * Where a webhook may be sent: https only in production (the body tells a partner about firms);
 * http too elsewhere, so development and tests can use a local receiver.
 */
export function webhookUrlAllowed(url: string, env: Config['env']): boolean {
  let parsed: URL
  try { parsed = new URL(url) } catch { return false }
  return parsed.protocol === 'https:' || (env !== 'production' && parsed.protocol === 'http:')
}

/** 400 webhook_url_not_allowed for a subscription's URL the sender would refuse. */
export function checkWebhookUrl(url: string, env: Config['env'], path = '/url'): void {
  if (!webhookUrlAllowed(url, env)) {
    throw badRequest('webhooks are sent to https URLs only', [{ path, message: 'not an https URL' }], 'webhook_url_not_allowed')
  }
}
