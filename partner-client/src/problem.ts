import type { components } from './schema.d.ts'

/** An RFC 9457 problem+json answer of the PID API: `code` is stable, `title` and `detail` are for people. */
export type Problem = components['schemas']['Problem']

/** Whether an answer's body is a PID problem (it has a numeric `status` and a string `code`). */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null
    && typeof (value as { status?: unknown }).status === 'number' && typeof (value as { code?: unknown }).code === 'string'
}

/**
 * A refused call. `code` is the problem's stable code (`insufficient_scope`, `not_found`,
 * `idempotency_key_reused`...): branch on it, never on `message`. An answer that is not
 * problem+json (a proxy's error page) gets the code `http_<status>`.
 */
export class ProblemError extends Error {
  readonly status: number
  readonly code: string
  readonly problem: Problem

  constructor(status: number, body: unknown) {
    const problem: Problem = isProblem(body)
      ? body
      : { type: 'about:blank', title: `HTTP ${status}`, status, code: `http_${status}`, ...(typeof body === 'string' && body ? { detail: body.slice(0, 500) } : {}) }
    super(`${problem.code}: ${problem.detail ?? problem.title}`)
    this.name = 'ProblemError'
    this.status = status
    this.code = problem.code
    this.problem = problem
  }

  /** The problem of a fetch Response that was not ok (reads its body). */
  static async fromResponse(response: Response): Promise<ProblemError> {
    const text = await response.text()
    let body: unknown = text
    try { body = JSON.parse(text) } catch { /* not JSON: kept as text */ }
    return new ProblemError(response.status, body)
  }
}

/** What every call of the typed client resolves to (openapi-fetch's `{ data } | { error }`, with the response). */
type CallResult = { data?: unknown; error?: unknown; response: Response }
/** The data of the success branch of a result (the error branch has `data?: never`). */
type DataOf<R> = R extends { data: infer D; error?: never } ? D : never

/**
 * The data of a call, or a thrown ProblemError: for code that would rather throw than check
 * `error` after every call. `const firm = await orThrow(client.GET('/api/v1/...', { params }))`.
 */
export async function orThrow<R extends CallResult>(call: Promise<R>): Promise<DataOf<R>> {
  const result = await call
  if (result.error !== undefined || !result.response.ok) throw new ProblemError(result.response.status, result.error)
  return result.data as DataOf<R>
}
