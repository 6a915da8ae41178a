import type { Problem, ProblemParams } from '@pid/shared'

/** Base path of the versioned API; the SPA is served from the same origin as the server. */
export const API_BASE = '/api/v1'

/** One invalid field of a validation problem: its JSON pointer and why. */
export type FieldError = NonNullable<Problem['errors']>[number]

/**
 * A failed API call, normalised from RFC 9457 problem+json (or from a network failure). `message`
 * is the server's English detail, for logs only: screens word `code` and `params` (useProblem).
 */
export class ApiError extends Error {
  readonly status: number
  /** One of PROBLEM_CODES, or 'network' when the server could not be reached. */
  readonly code: string
  readonly fieldErrors: FieldError[]
  readonly requestId: string | undefined
  /** What the client words the code with (`problems.<code>`). */
  readonly params: ProblemParams

  constructor(status: number, code: string, message: string, fieldErrors: FieldError[] = [], requestId?: string, params: ProblemParams = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fieldErrors = fieldErrors
    this.requestId = requestId
    this.params = params
  }

  /** Field errors keyed by the pointer's first segment ("/roles/0" -> "roles"); first message wins. */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {}
    for (const e of this.fieldErrors) {
      const key = e.path.replace(/^\//, '').split('/')[0] ?? ''
      map[key] ??= e.message
    }
    return map
  }
}

/**
 * The auth store plugs itself in here, so this module needs no import of Pinia and the store
 * can still use `request` (no import cycle).
 */
export interface AuthHooks {
  getAccessToken(): string | null
  /** Obtain a new access token with the refresh cookie; resolves false when the session is gone. */
  refresh(): Promise<boolean>
  /** Called when a retried request is still unauthorized: the session is over. */
  onSessionLost(): void
}

let hooks: AuthHooks | null = null
export function installAuthHooks(h: AuthHooks): void {
  hooks = h
}

// Refresh tokens rotate and the server treats a reused one as theft, so concurrent 401s must
// share a single refresh call instead of racing each other.
let inflightRefresh: Promise<boolean> | null = null
export function refreshOnce(): Promise<boolean> {
  if (!hooks) return Promise.resolve(false)
  inflightRefresh ??= hooks.refresh().finally(() => {
    inflightRefresh = null
  })
  return inflightRefresh
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  /** A non-JSON body (e.g. a CSV upload) sent as is with its content type. */
  raw?: { data: string | Blob; contentType: string }
  /** Arrays are sent as repeated keys (`sections=A&sections=C`), which the server reads as arrays. */
  query?: Record<string, QueryValue>
  /** Public endpoints (login, refresh, invitation) must not trigger the refresh-and-retry dance. */
  auth?: boolean
  /** A firm session's token (public firm pages): sent as is, never refreshed. */
  token?: string
  /** Extra request headers (e.g. `Idempotency-Key` on a submission that may be retried). */
  headers?: Record<string, string>
  signal?: AbortSignal
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

/**
 * A shared query schema's type as a page fills it in: `null` stands for "not set" (a cleared filter,
 * the first page's cursor), and `request` leaves it out of the address like `undefined`.
 */
export type ClientQuery<Q> = { [K in keyof Q]?: Q[K] | null }

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const item of v as readonly (string | number)[]) params.append(k, String(item))
    else if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {}
  try {
    const ct = res.headers.get('content-type') ?? ''
    if (ct.includes('json')) problem = (await res.json()) as Partial<Problem>
  } catch {
    // A body that is not JSON (e.g. a proxy error page): fall back to the status alone.
  }
  const code = typeof problem.code === 'string' ? problem.code : fallbackCode(res.status)
  return new ApiError(res.status, code, problem.detail ?? problem.title ?? res.statusText, problem.errors ?? [], problem.requestId,
    problem.params ?? {})
}

/** The generic code of an HTTP status: what the client says when it has no words for a specific code. */
export function fallbackCode(status: number): string {
  if (status === 400 || status === 422) return 'validation'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 429) return 'rate_limited'
  return 'internal'
}

async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  if (opts.raw) headers['Content-Type'] = opts.raw.contentType
  if (token) headers.Authorization = `Bearer ${token}`
  try {
    return await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.raw ? opts.raw.data : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
}

/** Sends with the bearer token, refreshing once on 401; a non-2xx answer becomes an ApiError. */
async function authedFetch(path: string, opts: RequestOptions): Promise<Response> {
  const useAuth = opts.auth !== false && !opts.token
  const token = opts.token ?? (useAuth ? (hooks?.getAccessToken() ?? null) : null)
  let res = await send(path, opts, token)

  // A 401 about the request's own content (a wrong current password) is not an expired session:
  // refreshing would be pointless and "session lost" would wrongly log the user out.
  if (res.status === 401 && useAuth) {
    const problem = await toApiError(res.clone())
    if (problem.code === 'invalid_credentials') throw problem
  }

  if (res.status === 401 && useAuth && hooks) {
    // Another call may already have refreshed while this one was in flight: reuse its token.
    const current = hooks.getAccessToken()
    const ok = current && current !== token ? true : await refreshOnce()
    if (ok) res = await send(path, opts, hooks.getAccessToken())
    if (res.status === 401) hooks.onSessionLost()
  }

  if (!res.ok) throw await toApiError(res)
  return res
}

/** The one HTTP entry point: JSON in, JSON out, problem+json turned into ApiError. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await authedFetch(path, opts)
  if (res.status === 204) return undefined as T
  const ct = res.headers.get('content-type') ?? ''
  return (ct.includes('json') ? await res.json() : undefined) as T
}

/** A file behind authentication (exports, error reports): fetched with the token, returned as a Blob. */
export async function download(path: string, query?: RequestOptions['query'], token?: string): Promise<{ blob: Blob; fileName: string | null }> {
  const res = await authedFetch(path, { query, ...(token ? { token } : {}) })
  const disposition = res.headers.get('content-disposition') ?? ''
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)
  return { blob: await res.blob(), fileName: match?.[1] ? decodeURIComponent(match[1]) : null }
}

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
