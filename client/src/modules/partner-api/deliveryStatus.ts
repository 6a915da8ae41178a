import type { WebhookDelivery } from '@pid/shared'

/** A delivery's outcome as a tag's colour: delivered green, failed red, pending neutral. */
export const deliverySeverity = (status: WebhookDelivery['status']) =>
  status === 'delivered' ? 'success' : status === 'failed' ? 'danger' : 'secondary'
