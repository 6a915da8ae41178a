import { API_SCOPES, type ApiScope } from '@pid/shared'

/** What each OAuth scope opens, for the `oauth2` scheme and the partners' page (Italian: the docs' readers). */
export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'firms:read': 'Leggere le imprese della propria organizzazione: anagrafica, contatti, cronologia, rete camerale',
  'firms:write': 'Registrare e aggiornare le imprese della propria organizzazione',
  referrals: 'Leggere le segnalazioni (referral) ricevute dalle Camere e i partner',
  feedback: 'Rispondere alle segnalazioni e inviare la scheda di feedback',
  'assessments:invite': 'Invitare le imprese all\'autovalutazione e leggerne gli esiti',
  'vouchers:apply': 'Leggere i bandi voucher e presentare domande per conto delle imprese',
  'events:register': 'Iscrivere le imprese agli eventi dell\'Experience Centre',
  webhooks: 'Gestire le proprie sottoscrizioni webhook e consultarne le consegne',
}

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } })

/**
 * Headers every API answer may carry (ModI: rate limits announced on every response). The names are
 * those @fastify/rate-limit sends with `enableDraftSpec` (IETF draft-ietf-httpapi-ratelimit-headers), and
 * the X-RateLimit-* copies the ModI guidelines name (core/security.ts).
 */
export const HEADERS = {
  'RateLimit-Limit': integerHeader('Richieste consentite nella finestra corrente (un minuto). Requests allowed in the current window.'),
  'RateLimit-Remaining': integerHeader('Richieste che restano nella finestra corrente. Requests left in the current window.'),
  'RateLimit-Reset': integerHeader('Secondi alla fine della finestra corrente. Seconds until the window resets.'),
  'X-RateLimit-Limit': integerHeader('Come RateLimit-Limit, con il nome delle linee guida ModI. As RateLimit-Limit, named as the ModI guidelines name it.'),
  'X-RateLimit-Remaining': integerHeader('Come RateLimit-Remaining (ModI). As RateLimit-Remaining (ModI).'),
  'X-RateLimit-Reset': integerHeader('Come RateLimit-Reset (ModI). As RateLimit-Reset (ModI).'),
  'Retry-After': integerHeader('Secondi da attendere prima di riprovare. Seconds to wait before retrying.'),
}
const RATE_LIMIT_HEADER_REFS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
}
/** Added to every 2xx and 4xx answer but 429 (which carries its own, with Retry-After). */
export function rateLimitHeaderRefs(): Record<string, { $ref: string }> {
  return { ...RATE_LIMIT_HEADER_REFS }
}

export const PROBLEM_TYPE = 'application/problem+json'
const problem = { $ref: '#/components/schemas/Problem' }
const problemExample = (status: number, title: string, code: string, detail: string) => ({
  type: `https://pid.example/problems/${code}`, title, status, code, detail, requestId: '6f1c2b1e-3c1d-4d59-9a57-1e0f4a1b2c3d',
})

/** Shared error answers: added to every operation that lacks its own (see enrich.ts). */
export const RESPONSES = {
  Unauthorized: {
    description: 'Unauthorized: no bearer token, or one that is invalid or expired (`unauthorized`, `token_expired`).',
    headers: RATE_LIMIT_HEADER_REFS,
    content: { [PROBLEM_TYPE]: { schema: problem, example: problemExample(401, 'Unauthorized', 'unauthorized', 'sign in first: no bearer token') } },
  },
  Forbidden: {
    description: 'Forbidden: the token does not allow this action here (`forbidden`), or a client token has no scope that opens it (`insufficient_scope`).',
    headers: RATE_LIMIT_HEADER_REFS,
    content: { [PROBLEM_TYPE]: { schema: problem, example: problemExample(403, 'Forbidden', 'insufficient_scope', "the client's token has no scope that allows crm.firms.write") } },
  },
  TooManyRequests: {
    description: 'Too Many Requests: the rate limit (per client, per minute) is reached (`rate_limited`). Retry after `Retry-After` seconds.',
    headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' }, ...RATE_LIMIT_HEADER_REFS },
    content: { [PROBLEM_TYPE]: { schema: problem, example: problemExample(429, 'Too Many Requests', 'rate_limited', 'too many requests: retry in 42 s') } },
  },
  InternalError: {
    description: 'Unexpected error (500 Internal Server Error, or any status not listed): the `requestId` identifies the request in our logs.',
    content: { [PROBLEM_TYPE]: { schema: problem, example: problemExample(500, 'Internal Server Error', 'internal', 'an unexpected error occurred') } },
  },
}

/** Examples for the Problem schema itself (TypeBox gives none). */
export const PROBLEM_EXAMPLES = [
  {
    type: 'https://pid.example/problems/validation', title: 'Bad Request', status: 400, code: 'validation',
    detail: 'body/vatNumber must match pattern', requestId: '6f1c2b1e-3c1d-4d59-9a57-1e0f4a1b2c3d',
    errors: [{ path: '/vatNumber', message: 'must match pattern "^[0-9]{11}$"', keyword: 'pattern' }],
  },
  problemExample(412, 'Precondition Failed', 'precondition_failed', 'the resource changed since you read it: read it again (ETag)'),
]

export function securitySchemes(): Record<string, unknown> {
  return {
    bearerAuth: {
      type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
      description: "A person's access token: POST /api/v1/auth/login, then `Authorization: Bearer <accessToken>`.",
    },
    firmSession: {
      type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
      description: "A firm's session, opened from the firm's personal link (firm-access routes).",
    },
    oauth2: {
      type: 'oauth2',
      description: 'Partner API clients: OAuth 2.0 client credentials (RFC 6749 section 4.4). Send the token as `Authorization: Bearer <access_token>`.',
      flows: {
        clientCredentials: {
          tokenUrl: '/api/v1/oauth/token',
          scopes: Object.fromEntries(API_SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]])),
        },
      },
    },
  }
}

/** Examples of the partner-facing answers TypeBox gives none for, by operationId and status. */
export const RESPONSE_EXAMPLES: Record<string, { status: string; value: unknown }> = {
  postOauthToken: {
    status: '200',
    value: { access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl', token_type: 'Bearer', expires_in: 900, scope: 'firms:read referrals feedback' },
  },
  getPartnerMe: {
    status: '200',
    value: {
      clientId: 'pid_Q2hhbWJlcnNQSUQx', name: 'Gestionale soci', partner: { id: 12, name: 'Confartigianato Milano' },
      scopes: ['firms:read', 'firms:write', 'referrals', 'feedback'], chambers: [{ id: 1, shortName: 'Milano Monza Brianza Lodi' }], rateLimitPerMinute: 600,
    },
  },
}
