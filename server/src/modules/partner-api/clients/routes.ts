import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ApiClient, ApiClientMe, ApiClientPage, ApiClientParams, ApiClientQuery, ApiClientWithSecret, ApiUsage, ApiUsageQuery, ChamberParams,
  CreateApiClientBody, RotateSecretBody, TokenRequest, TokenResponse, UpdateApiClientBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import { ApiClientsService } from './clients.service.ts'
import { credentialsOf, issueToken } from './token.ts'
import { ifMatch, sendVersioned } from '../../../core/etag.ts'
import { clientUsage } from './usage.ts'

const tags = ['partner API: clients']
const read = guarded('partner_api.read')
const manage = guarded('partner_api.manage')

/** Staff manage partners' API clients; clients exchange their credentials for tokens and ask who they are. */
export default async function clientsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const clients = new ApiClientsService(app)

  app.get('/chambers/:chamberId/api-clients', {
    schema: { tags, summary: "API clients of the organisations with an agreement with the chamber, newest first",
      params: ChamberParams, querystring: ApiClientQuery, response: { 200: ApiClientPage, 400: problem, ...denied } },
    config: read,
  }, async (req) => clients.list(req.params.chamberId, req.query))

  app.post('/chambers/:chamberId/api-clients', {
    schema: { tags, summary: 'Create an API client for a partner organisation; its secret is shown once',
      params: ChamberParams, body: CreateApiClientBody, response: { 201: ApiClientWithSecret, 400: problem, ...denied } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await clients.create(req.params.chamberId, req.body, auditContext(req))))

  app.get('/chambers/:chamberId/api-clients/:apiClientId', {
    schema: { tags, summary: 'An API client with the secrets that work now (their last four characters)',
      params: ApiClientParams, response: { 200: ApiClient, 400: problem, ...denied, 404: problem } },
    config: { ...read, etag: true },
  }, async (req, reply) => sendVersioned(reply, await clients.getVersioned(req.params.chamberId, req.params.apiClientId)))

  app.patch('/chambers/:chamberId/api-clients/:apiClientId', {
    schema: { tags, summary: "Rename a client, change its scopes or its rate limit (its tokens keep their scopes until they expire)",
      params: ApiClientParams, body: UpdateApiClientBody, response: { 200: ApiClient, 400: problem, ...denied, 404: problem, 409: problem } },
    config: { ...manage, etag: true },
  }, async (req, reply) => {
    const expected = ifMatch(req)
    return sendVersioned(reply, await clients.update(req.params.chamberId, req.params.apiClientId, req.body, auditContext(req), expected))
  })

  app.post('/chambers/:chamberId/api-clients/:apiClientId/rotate-secret', {
    schema: { tags, summary: 'A new secret, shown once; the old ones keep working for overlapHours',
      params: ApiClientParams, body: RotateSecretBody, response: { 200: ApiClientWithSecret, 400: problem, ...denied, 404: problem, 409: problem } },
    config: manage,
  }, async (req) => clients.rotate(req.params.chamberId, req.params.apiClientId, req.body.overlapHours ?? 24, auditContext(req)))

  app.post('/chambers/:chamberId/api-clients/:apiClientId/revoke', {
    schema: { tags, summary: 'Revoke the client for good: no new token, and its tokens stop working',
      params: ApiClientParams, response: { 200: ApiClient, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => clients.revoke(req.params.chamberId, req.params.apiClientId, auditContext(req)))

  app.get('/chambers/:chamberId/api-clients/:apiClientId/usage', {
    schema: { tags, summary: "A client's usage: calls a day with errors and throttled calls, its busiest routes, its last call",
      description: 'From the call log (kept 90 days, written within about a second of each call).',
      params: ApiClientParams, querystring: ApiUsageQuery, response: { 200: ApiUsage, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => {
    await clients.row(app.db, req.params.chamberId, req.params.apiClientId)
    return clientUsage(app.db, req.params.apiClientId, req.query.days ?? 30)
  })

  await app.register(async (token) => {
    // RFC 6749 asks for form-encoded token requests; JSON is accepted too.
    token.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    })
    token.withTypeProvider<TypeBoxTypeProvider>().post('/oauth/token', {
      schema: { tags: ['partner API: access'], summary: 'OAuth 2.0 client credentials: exchange client_id and client_secret for an access token',
        description: 'Authenticate with HTTP Basic (client_secret_basic) or client_id and client_secret in the body (client_secret_post). ' +
          'The token lasts `expires_in` seconds; ask for a new one when it expires (there is no refresh token).',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenRequest, response: { 200: TokenResponse, 400: problem, 401: problem } },
      config: { guard: 'public' },
    }, async (req) => {
      const { apiClientId: _id, ...answer } = await issueToken(app, credentialsOf(req.headers.authorization, req.body), req.body.scope)
      return answer
    })
  })

  app.get('/partner/me', {
    schema: { tags: ['partner API: access'], summary: 'The client a token belongs to: its organisation, scopes, chambers and rate limit',
      response: { 200: ApiClientMe, ...denied } },
    config: { guard: { apiClient: 'any' } },
  }, async (req) => {
    const client = req.actor!.client!
    const row = await app.db.selectFrom('api_client').select(['client_id', 'name']).where('id', '=', client.id).executeTakeFirstOrThrow()
    const [names, chambers] = await Promise.all([
      app.crm.partnerNames(app.db, [client.partnerId]), app.crm.partnerChambers(app.db, client.partnerId),
    ])
    return {
      clientId: row.client_id, name: row.name, partner: { id: client.partnerId, name: names.get(client.partnerId) ?? '' },
      scopes: client.scopes, chambers, rateLimitPerMinute: client.rateLimit,
    }
  })
}
