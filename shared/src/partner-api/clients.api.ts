import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, Text, Timestamp } from '../common.ts'
import { API_SCOPES } from './scopes.ts'

/** API clients of partner organisations (OAuth 2.0 client credentials) and their usage. */

export const ApiScopeSchema = Type.Enum(API_SCOPES, { description: 'an OAuth scope of the partner API' })

export const ApiClientSecretInfo = Type.Object({
  id: Id,
  hint: Type.String({ description: 'the last four characters of the secret' }),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp, { description: 'set once a rotation superseded it: it works until then' }),
})

export const ApiClient = Type.Object({
  id: Id,
  partnerId: Id,
  partnerName: Type.String(),
  name: Type.String(),
  clientId: Type.String({ description: 'sent as client_id to POST /api/v1/oauth/token' }),
  scopes: Type.Array(ApiScopeSchema),
  rateLimitPerMinute: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  secrets: Type.Array(ApiClientSecretInfo, { description: 'the secrets that work now (two while a rotation overlaps)' }),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  lastTokenAt: Nullable(Timestamp),
})
export type ApiClient = Static<typeof ApiClient>
export const ApiClientPage = Page(ApiClient)

export const ApiClientQuery = Type.Object({
  partnerId: Type.Optional(Id),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('revoked')])),
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })
export type ApiClientQuery = Static<typeof ApiClientQuery>

export const ApiClientParams = Type.Object({ chamberId: Id, apiClientId: Id }, { additionalProperties: false })

const ApiClientFields = {
  name: Text(120),
  scopes: Type.Array(ApiScopeSchema, { minItems: 1, uniqueItems: true }),
  rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 600, description: 'calls a minute before 429' })),
}

export const CreateApiClientBody = Type.Object({ partnerId: Id, ...ApiClientFields }, { additionalProperties: false })
export type CreateApiClientBody = Static<typeof CreateApiClientBody>

export const UpdateApiClientBody = Type.Partial(Type.Object(ApiClientFields), { additionalProperties: false, minProperties: 1 })
export type UpdateApiClientBody = Static<typeof UpdateApiClientBody>

export const RotateSecretBody = Type.Object({
  overlapHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 168, default: 24, description: 'how long the old secret keeps working' })),
}, { additionalProperties: false })

/** The answer that shows a secret: only here, once. */
export const ApiClientWithSecret = Type.Object({
  client: ApiClient,
  clientSecret: Type.String({ description: 'shown once: store it now' }),
})
export type ApiClientWithSecret = Static<typeof ApiClientWithSecret>

export const ApiUsageQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 30 })),
}, { additionalProperties: false })

export const ApiUsage = Type.Object({
  days: Type.Array(Type.Object({
    day: Type.String({ format: 'date' }),
    calls: Type.Integer(),
    clientErrors: Type.Integer({ description: '4xx answers other than 429' }),
    serverErrors: Type.Integer(),
    throttled: Type.Integer({ description: '429 answers' }),
  })),
  routes: Type.Array(Type.Object({
    method: Type.String(),
    route: Type.String(),
    calls: Type.Integer(),
    p95Ms: Type.Integer(),
  })),
  lastCallAt: Nullable(Timestamp),
})
export type ApiUsage = Static<typeof ApiUsage>

/** POST /api/v1/oauth/token (RFC 6749 section 4.4), form-encoded or JSON. */
export const TokenRequest = Type.Object({
  grant_type: Type.Literal('client_credentials'),
  client_id: Type.Optional(Type.String({ maxLength: 100 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.String({ maxLength: 500, description: 'space-separated; a subset of the client\'s scopes (all of them when absent)' })),
}, { additionalProperties: false })
export type TokenRequest = Static<typeof TokenRequest>

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds' }),
  scope: Type.String(),
})
export type TokenResponse = Static<typeof TokenResponse>

/** GET /api/v1/partner/me: who a client token acts for. */
export const ApiClientMe = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  partner: Type.Object({ id: Id, name: Type.String() }),
  scopes: Type.Array(ApiScopeSchema),
  chambers: Type.Array(Type.Object({ id: Id, shortName: Type.String() }), { description: 'chambers its organisation has an agreement in force with' }),
  rateLimitPerMinute: Type.Integer(),
})
export type ApiClientMe = Static<typeof ApiClientMe>
