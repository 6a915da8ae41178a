import { sql } from 'kysely'
import type { ApiClient, ApiScope } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { versionOf } from '../../../core/etag.ts'

/** An API client row with the secrets that work now (the organisation's name comes from the CRM). */
export function clientQuery(db: DbOrTx) {
  return db.selectFrom('api_client as c')
    .select((eb) => [
      'c.id', 'c.partner_id', 'c.name', 'c.client_id', 'c.scopes', 'c.rate_limit_per_minute',
      'c.status', 'c.service_user_id', 'c.created_at', 'c.updated_at', 'c.revoked_at', 'c.last_token_at',
      sql<{ id: number; hint: string; created_at: string; expires_at: string | null }[]>`coalesce((
        SELECT json_agg(json_build_object('id', s.id, 'hint', s.hint, 'created_at', s.created_at, 'expires_at', s.expires_at) ORDER BY s.id)
        FROM api_client_secret s WHERE s.api_client_id = ${eb.ref('c.id')} AND (s.expires_at IS NULL OR s.expires_at > now())
          AND ${eb.ref('c.status')} = 'active'), '[]'::json)`.as('secrets'),
      versionOf('c.updated_at').as('version'),
    ])
}
export type ClientRow = Awaited<ReturnType<ReturnType<typeof clientQuery>['executeTakeFirstOrThrow']>>

const iso = (d: Date | string) => new Date(d).toISOString()

export const toApiClient = (r: ClientRow, partnerNames: Map<number, string>): ApiClient => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: partnerNames.get(r.partner_id) ?? '',
  name: r.name,
  clientId: r.client_id,
  scopes: r.scopes as ApiScope[],
  rateLimitPerMinute: r.rate_limit_per_minute,
  status: r.status,
  secrets: r.secrets.map((s) => ({ id: Number(s.id), hint: s.hint, createdAt: iso(s.created_at), expiresAt: s.expires_at === null ? null : iso(s.expires_at) })),
  createdAt: iso(r.created_at),
  revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
  lastTokenAt: r.last_token_at === null ? null : iso(r.last_token_at),
})
