import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FieldProblem, Problem, ProblemCode, ProblemParams } from '@pid/shared'

export type { FieldProblem, ProblemParams }

/**
 * An error the API means to return: status, stable code, English detail (for API consumers), the
 * parameters the client words the code with, optional field errors.
 */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: ProblemCode
  readonly fieldErrors?: FieldProblem[]
  readonly headers?: Record<string, string>
  readonly params?: ProblemParams
  constructor(
    statusCode: number,
    code: ProblemCode,
    message: string,
    fieldErrors?: FieldProblem[],
    extra?: { headers?: Record<string, string>; params?: ProblemParams },
  ) {
    super(message)
    this.statusCode = statusCode
    this.code = code
    this.fieldErrors = fieldErrors
    this.headers = extra?.headers
    this.params = extra?.params
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`)
export const forbidden = (detail = 'you may not do this here') => new HttpError(403, 'forbidden', detail)
/** 409: the state of things does not allow it. A specific `code` (with `params`) lets the client say why. */
export const conflict = (detail: string, code: ProblemCode = 'conflict', params?: ProblemParams, fieldErrors?: FieldProblem[]) =>
  new HttpError(409, code, detail, fieldErrors, params ? { params } : undefined)
export const badRequest = (detail: string, fieldErrors?: FieldProblem[], code: ProblemCode = 'validation', params?: ProblemParams) =>
  new HttpError(400, code, detail, fieldErrors, params ? { params } : undefined)
/** A field error of a business rule: `code` is worded by the client (`problems.fields.<code>`). */
export const fieldProblem = (path: string, code: string, message: string, params?: ProblemParams): FieldProblem =>
  ({ path, message, code, ...(params ? { params } : {}) })

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 423: 'Locked', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
}

function send(reply: FastifyReply, req: FastifyRequest, status: number, code: ProblemCode, detail: string,
  errors?: FieldProblem[], params?: ProblemParams): FastifyReply {
  const body: Problem = {
    type: `https://pid.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: req.url.split('?')[0],
    ...(params ? { params } : {}),
    requestId: String(req.id),
    ...(errors ? { errors } : {}),
  }
  return reply.code(status).type('application/problem+json').send(body)
}

interface AjvError { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }

/** Ajv's params as the client can word them: scalars and lists of scalars (a schema object is left out). */
function wordableParams(params: Record<string, unknown>): ProblemParams {
  const out: ProblemParams = {}
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
    else if (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x) || x === null)) out[k] = v.map(String)
  }
  return out
}

/**
 * Turns Ajv errors into JSON-pointer field paths, naming the missing or unknown property, with the
 * keyword that failed and its params (limit, format, allowedValues...) for the client to word.
 */
function fieldErrors(errors: AjvError[], context: string | undefined): FieldProblem[] {
  const prefix = context && context !== 'body' ? `/${context}` : ''
  return errors.map((e) => {
    let path = e.instancePath
    const described = { keyword: e.keyword, params: wordableParams(e.params) }
    if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`
    if (e.keyword === 'additionalProperties') {
      path += `/${String(e.params.additionalProperty)}`
      return { path: prefix + path, message: 'unknown property', ...described }
    }
    return { path: prefix + (path || '/'), message: e.message ?? e.keyword, ...described }
  })
}

const RETRY_AFTER_SECONDS = 5
// Socket errors, pg-pool's connect timeout and dead connections, and SQLSTATE classes 08
// (connection exception) and 57P (the server shutting down or starting).
const UNREACHABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
const UNREACHABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|Client was closed and is not queryable)/

/** True when the error says the database cannot be reached now, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (UNREACHABLE_SOCKET.has(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300') return true
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGE.test(e.message)) return true
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true
  }
  return false
}

/** RFC 9457 problem+json for every error; nothing internal (stack, SQL) ever reaches the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string; fieldErrors?: unknown }, req, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) reply.headers(error.headers)
      return send(reply, req, error.statusCode, error.code, error.message, error.fieldErrors, error.params)
    }
    if (error.validation) {
      return send(reply, req, 400, 'validation', 'the request is not valid',
        fieldErrors(error.validation as AjvError[], error.validationContext))
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, req, 413, 'payload_too_large', 'the request body is too large')
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, req, 415, 'unsupported_media_type', 'send application/json')
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, req, 400, 'validation', 'the body is not valid JSON')
    }
    if (error.statusCode === 429) {
      return send(reply, req, 429, 'rate_limited', 'too many requests: retry later')
    }
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return send(reply, req, 400, 'validation', 'the request is malformed')
    }
    const pgCode = (error as { code?: string }).code
    if (pgCode === '23505') return send(reply, req, 409, 'conflict', 'a record with these values already exists')
    if (isDatabaseUnavailable(error)) {
      req.log.warn({ err: error }, 'database unavailable')
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
      return send(reply, req, 503, 'unavailable', 'the service is temporarily unavailable: retry shortly')
    }
    req.log.error({ err: error }, 'unexpected error')
    return send(reply, req, 500, 'internal', 'an unexpected error occurred; quote the request id to support')
  })

  app.setNotFoundHandler((req, reply) => send(reply, req, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`))
}
