import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { parseScopes, type ApiScope, type TokenResponse } from '@pid/shared'
import { HttpError } from '../../../core/errors.ts'
import { secretMatches } from './secrets.ts'

/** RFC 6749 section 5.2 errors, as problem+json with the OAuth `error` member too (problem codes stable). */
export const invalidClient = () =>
  new HttpError(401, 'invalid_client', 'client authentication failed: unknown client, wrong or expired secret, or revoked client', undefined,
    { headers: { 'www-authenticate': 'Basic realm="pid-api"' } })

/** The client credentials of a token request: HTTP Basic (client_secret_basic) or the body (client_secret_post). */
export function credentialsOf(authorization: string | undefined, body: { client_id?: string; client_secret?: string }): { id: string; secret: string } {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 1) throw invalidClient()
    // RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) }
  }
  if (!body.client_id || !body.client_secret) throw invalidClient()
  return { id: body.client_id, secret: body.client_secret }
}

/**
 * Exchanges a client's credentials for a short-lived access token: the client's service account,
 * the partner user's role in the chambers its organisation has an agreement in force with, and
 * the scopes asked for (a subset of the client's; all of them when none is asked).
 */
export async function issueToken(app: FastifyInstance, credentials: { id: string; secret: string }, scope: string | undefined): Promise<TokenResponse & { apiClientId: number }> {
  const client = await app.db.selectFrom('api_client')
    .select(['id', 'partner_id', 'scopes', 'rate_limit_per_minute', 'service_user_id', 'status'])
    .where('client_id', '=', credentials.id).executeTakeFirst()
  if (!client || client.status !== 'active') throw invalidClient()
  const secrets = await app.db.selectFrom('api_client_secret').select('secret_hash')
    .where('api_client_id', '=', client.id)
    .where((w) => w.or([w('expires_at', 'is', null), w('expires_at', '>', sql<Date>`now()`)])).execute()
  if (!secrets.some((s) => secretMatches(credentials.secret, s.secret_hash))) throw invalidClient()

  const asked = parseScopes(scope)
  const granted = client.scopes as ApiScope[]
  const refused = [...asked.unknown, ...asked.scopes.filter((s) => !granted.includes(s))]
  if (refused.length) {
    throw new HttpError(400, 'insufficient_scope', `scope not granted to this client: ${refused.join(' ')}`, undefined, { params: { refused } })
  }
  const scopes = asked.scopes.length ? asked.scopes : granted
  const chambers = await app.crm.partnerChambers(app.db, client.partner_id)
  const grants = chambers.length ? [{ role: 'partner_user' as const, chambers: chambers.map((c) => c.id) }] : []
  const token = app.signClientToken(client.service_user_id, grants, { id: client.id, partnerId: client.partner_id, scopes, rateLimit: client.rate_limit_per_minute })
  await app.db.updateTable('api_client').set({ last_token_at: new Date() }).where('id', '=', client.id).execute()
  return { access_token: token, token_type: 'Bearer', expires_in: app.config.accessTokenTtl, scope: scopes.join(' '), apiClientId: client.id }
}
