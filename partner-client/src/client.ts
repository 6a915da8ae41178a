import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './schema.d.ts'
import { TokenSource } from './token.ts'

export interface PartnerClientOptions {
  /** Where the PID runs, e.g. https://pid.example.it (no /api suffix). */
  baseUrl: string
  /** The API client's id and secret, from the chamber's staff (the secret is shown to them once). */
  clientId: string
  clientSecret: string
  /** Scopes to ask for, a subset of the client's (`'firms:read referrals'` or a list); all of them when absent. */
  scope?: string | readonly string[]
  /** A fetch of your own (a proxy agent, logging, tests); the global fetch otherwise. */
  fetch?: typeof globalThis.fetch
  /** Milliseconds since the epoch, for the token's expiry; tests pass a clock they move. */
  now?: () => number
}

/** The typed client: `client.GET('/api/v1/...', { params })`, `client.POST(...)`, with every path of the API. */
export type PartnerClient = Client<paths>

/**
 * A client of the PID partner API. Every call carries a bearer token of the API client (fetched
 * with the client credentials grant, cached until shortly before it expires); a call the server
 * refuses with 401 `token_expired` (the token outlived our clock's idea of it) is sent once more
 * with a new token. Calls resolve to `{ data }` or `{ error }` (the problem+json body, see
 * ProblemError and orThrow); failing to get a token at all rejects with a ProblemError
 * (`invalid_client`, `insufficient_scope`).
 */
export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const fetch = options.fetch ?? globalThis.fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const client = createClient<paths>({ baseUrl, fetch })
  client.use(bearerTokens(new TokenSource({ ...options, baseUrl, fetch })))
  return client
}

/** The middleware that authenticates every call and retries once on an expired token. */
function bearerTokens(tokens: TokenSource): Middleware {
  // The request as first sent, kept until its answer: a body can be read once, so a retry needs a copy.
  const sent = new Map<string, { copy: Request; token: string }>()
  return {
    async onRequest({ request, id }) {
      const token = await tokens.get()
      request.headers.set('authorization', `Bearer ${token}`)
      sent.set(id, { copy: request.clone(), token })
      return request
    },
    async onResponse({ response, id, options }) {
      const first = sent.get(id)
      sent.delete(id)
      if (!first || response.status !== 401 || (await problemCode(response)) !== 'token_expired') return response
      tokens.invalidate(first.token)
      first.copy.headers.set('authorization', `Bearer ${await tokens.get()}`)
      return options.fetch(first.copy)
    },
    onError({ id }) {
      sent.delete(id)
    },
  }
}

async function problemCode(response: Response): Promise<string | undefined> {
  try {
    const body = await response.clone().json() as { code?: unknown }
    return typeof body.code === 'string' ? body.code : undefined
  } catch {
    return undefined
  }
}
