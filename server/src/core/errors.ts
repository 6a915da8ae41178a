import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem, ProblemCode } from '@pid/shared'

/** An error the API means to return: status, stable code, human detail, optional field errors. */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: ProblemCode
  readonly fieldErrors?: { path: string; message: string }[]
  readonly headers?: Record<string, string>
  constructor(
    statusCode: number,
    code: ProblemCode,
    message: string,
    fieldErrors?: { path: string; message: string }[],
    headers?: Record<string, string>,
  ) {
    super(message)
    this.statusCode = statusCode
    this.code = code
    this.fieldErrors = fieldErrors
    this.headers = headers
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`)
export const forbidden = (detail = 'you may not do this here') => new HttpError(403, 'forbidden', detail)
export const conflict = (detail: string) => new HttpError(409, 'conflict', detail)
export const badRequest = (detail: string, fieldErrors?: { path: string; message: string }[]) =>
  new HttpError(400, 'validation', detail, fieldErrors)

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 423: 'Locked', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
}

function send(reply: FastifyReply, req: FastifyRequest, status: number, code: ProblemCode, detail: string,
  errors?: { path: string; message: string }[]): FastifyReply {
  const body: Problem = {
    type: `https://pid.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: req.url.split('?')[0],
    requestId: String(req.id),
    ...(errors ? { errors } : {}),
  }
  return reply.code(status).type('application/problem+json').send(body)
}

interface AjvError { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }

/** Turns Ajv errors into JSON-pointer field paths, naming the missing or unknown property. */
function fieldErrors(errors: AjvError[], context: string | undefined): { path: string; message: string }[] {
  const prefix = context && context !== 'body' ? `/${context}` : ''
  return errors.map((e) => {
    let path = e.instancePath
    if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`
    if (e.keyword === 'additionalProperties') {
      path += `/${String(e.params.additionalProperty)}`
      return { path: prefix + path, message: 'unknown property' }
    }
    return { path: prefix + (path || '/'), message: e.message ?? e.keyword }
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
      return send(reply, req, error.statusCode, error.code, error.message, error.fieldErrors)
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
