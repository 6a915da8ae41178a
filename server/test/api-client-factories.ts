import type { ApiScope } from '@pid/shared'
import type { TestContext } from './helpers.ts'
import type { Auth } from './actors.ts'

/** Creates an API client through the staff route and exchanges its credentials for a token. */
export async function clientToken(ctx: TestContext, staff: Auth, chamberId: number, partnerId: number,
  opts: { scopes: ApiScope[]; rateLimitPerMinute?: number; name?: string }): Promise<{ id: number; token: string }> {
  const created = await ctx.http().post(`/api/v1/chambers/${chamberId}/api-clients`).set(staff)
    .send({ partnerId, name: opts.name ?? `Client ${opts.scopes.join(' ')} ${opts.rateLimitPerMinute ?? ''}`, scopes: opts.scopes,
      ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}) })
  if (created.status !== 201) throw new Error(`client not created: ${created.status} ${JSON.stringify(created.body)}`)
  const token = await ctx.http().post('/api/v1/oauth/token').type('form')
    .send({ grant_type: 'client_credentials', client_id: created.body.client.clientId, client_secret: created.body.clientSecret })
  if (token.status !== 200) throw new Error(`no token: ${token.status} ${JSON.stringify(token.body)}`)
  return { id: created.body.client.id as number, token: token.body.access_token as string }
}
