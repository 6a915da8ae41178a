import type { ClientsTables } from './clients/tables.ts'
import type { WebhooksTables } from './webhooks/tables.ts'

/** The partner API's tables (migration 0046): API clients (clients/) and webhooks (webhooks/). */
export interface PartnerApiTables extends ClientsTables, WebhooksTables {}
