import fp from 'fastify-plugin'
import { sql, type RawBuilder } from 'kysely'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { badRequest, HttpError } from './errors.ts'
import { documentProblem, documentRequestHeader } from './route-docs.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route answers an `ETag` (GET, and the answer of an update) and, on PATCH or PUT, honours
     * `If-Match` with a 412 on a stale write. The handler does the work with the helpers below;
     * this flag documents it in the OpenAPI document.
     */
    etag?: boolean
  }
}

/**
 * Optimistic concurrency for updates. A row's version is its `updated_at` to the microsecond (an
 * integer of epoch microseconds, computed in SQL: a JavaScript Date keeps milliseconds only), and
 * its entity tag is that number in quotes. The tag names the version of the data a client can
 * edit: figures the platform derives (counts, last touch) may change without a new version.
 *
 * An update with `If-Match` is a conditional UPDATE (`... AND updated_at = <version>`): when no row
 * matches, nothing was written and the answer is 412 precondition_failed. Without the header, or
 * with `If-Match: *`, the update is unconditional: API clients SHOULD send it.
 *
 * Adopting it: select `versionOf(column)` with the row and `reply.header('etag', etagOf(v))`; in the
 * update, `.where(atVersion(column, expected))` when `ifMatch(req)` is not null, and `returning`
 * the new `versionOf`; mark the routes `config: { etag: true }`.
 */
export type Version = string

/** SQL: the row's version (epoch microseconds of `column`, exact: extract returns numeric). */
export const versionOf = (column: string): RawBuilder<Version> =>
  sql<Version>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`

/** SQL condition: the row is still at one of the versions the client named. */
export const atVersion = (column: string, versions: readonly Version[]): RawBuilder<boolean> =>
  sql<boolean>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint = ANY(${versions}::bigint[])`

export const etagOf = (version: Version): string => `"${version}"`

// An entity tag: optionally weak (a compressing proxy may weaken ours), then an opaque quoted string.
const ENTITY_TAG = /^(?:W\/)?"([\x21\x23-\x7e]*)"$/

/**
 * The versions `If-Match` names, or null for an unconditional write (no header, or `*`). A tag
 * that is not one of ours can match nothing: the write will be refused with 412. A header that is
 * not a list of entity tags is a 400.
 */
export function ifMatch(req: FastifyRequest): Version[] | null {
  const header = req.headers['if-match']
  if (header === undefined || header.trim() === '*') return null
  const tags = header.split(',').map((t) => ENTITY_TAG.exec(t.trim()))
  if (tags.some((t) => t === null)) {
    throw badRequest('If-Match must be * or entity tags as the ETag header gave them', [{ path: '/headers/if-match', message: 'not an entity tag' }])
  }
  return tags.map((t) => t![1]!).filter((v) => /^[0-9]{1,20}$/.test(v))
}

export const preconditionFailed = (): HttpError =>
  new HttpError(412, 'precondition_failed', 'the resource changed since you read it (If-Match): GET it again and reapply your change')

/** Sets the answer's ETag and returns the body, for `return sendVersioned(reply, await ...)`. */
export function sendVersioned<T>(reply: FastifyReply, v: { body: T; version: Version }): T {
  reply.header('etag', etagOf(v.version))
  return v.body
}

const ETAG_HEADER = { ETag: { type: 'string', description: 'The version of the resource: send it back in If-Match to update it safely.', examples: ['"1765144800123456"'] } }
const IF_MATCH = {
  type: 'string',
  description: 'Recommended: the ETag of the version you read. If the resource changed since, nothing is written and the answer is 412 ' +
    '(GET it again). Without it (or with `*`) the update is unconditional.',
  examples: ['"1765144800123456"'],
}

/** Documents `config: { etag: true }` routes: ETag on the 200 answer; If-Match and 412 on updates. */
export default fp(
  async function etag(app: FastifyInstance) {
    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.config?.etag !== true || !route.schema) return
      const response = (route.schema as { response?: Record<string, object> }).response
      if (response?.[200]) response[200] = { ...response[200], headers: ETAG_HEADER }
      const methods = [route.method].flat()
      if (methods.includes('PATCH') || methods.includes('PUT')) {
        documentRequestHeader(route, 'If-Match', IF_MATCH)
        documentProblem(route, 400, 412)
      }
    })
  },
  { name: 'etag' },
)
