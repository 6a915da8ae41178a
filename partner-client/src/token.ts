import type { paths } from './schema.d.ts'
import { ProblemError } from './problem.ts'

type TokenResponse = paths['/api/v1/oauth/token']['post']['responses'][200]['content']['application/json']

export interface TokenSourceOptions {
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Scopes to ask for (a subset of the client's); all of the client's when absent. */
  scope?: string | readonly string[]
  fetch: typeof globalThis.fetch
  /** Milliseconds since the epoch; tests pass a clock they move. */
  now?: () => number
}

/** A token is renewed this long before it expires (or at 90% of its life if that is shorter). */
const RENEW_BEFORE_MS = 30_000

/**
 * Access tokens of one API client from POST /api/v1/oauth/token (client credentials, HTTP Basic:
 * client_secret_basic). A token is reused until shortly before it expires, and calls made while
 * one is being fetched wait for that one rather than asking for their own.
 */
export class TokenSource {
  private token: { value: string; renewAt: number } | null = null
  private pending: Promise<string> | null = null
  private readonly options: TokenSourceOptions
  private readonly now: () => number

  constructor(options: TokenSourceOptions) {
    this.options = options
    this.now = options.now ?? Date.now
  }

  /** A token valid for a while yet: the cached one or a new one. */
  async get(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value
    this.pending ??= this.fetchToken().finally(() => { this.pending = null })
    return this.pending
  }

  /** Forgets `used` (the server said it expired); a newer token fetched meanwhile is kept. */
  invalidate(used: string): void {
    if (this.token?.value === used) this.token = null
  }

  private async fetchToken(): Promise<string> {
    const { baseUrl, clientId, clientSecret, scope } = this.options
    // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined for Basic.
    const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)
    const form = new URLSearchParams({ grant_type: 'client_credentials' })
    const scopes = typeof scope === 'string' ? scope : scope?.join(' ')
    if (scopes) form.set('scope', scopes)
    const asked = this.now()
    const response = await this.options.fetch(new Request(`${baseUrl.replace(/\/+$/, '')}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    }))
    if (!response.ok) throw await ProblemError.fromResponse(response)
    const body = await response.json() as TokenResponse
    const lifeMs = body.expires_in * 1000
    // Counted from when it was asked for: the server's clock started before the answer arrived.
    this.token = { value: body.access_token, renewAt: asked + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 10) }
    return body.access_token
  }
}
