import type { RouteOptions } from 'fastify'
import { problem } from './route-kit.ts'

/**
 * What the API conventions (idempotency.ts, etag.ts) add to a route's schema in their onRoute
 * hooks, so the OpenAPI document shows them on every route that honours them.
 */
type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown> }

/**
 * Documents an optional request header. The route's headers schema becomes a plain object schema
 * with the header added, never in `required`: Fastify validates the header's format when it is
 * sent and lets a request without it through. Plain, because Fastify lower-cases the property
 * names of plain header schemas for validation while the document keeps the header's own spelling.
 */
export function documentRequestHeader(route: RouteOptions, name: string, schema: Record<string, unknown>): void {
  const s = (route.schema ??= {}) as Record<string, unknown>
  const current = (s.headers ?? { type: 'object' }) as JsonSchema
  s.headers = { ...current, type: 'object', properties: { ...current.properties, [name]: schema } }
}

/** Documents a problem+json answer unless the route already declares that status. */
export function documentProblem(route: RouteOptions, ...statuses: number[]): void {
  const s = (route.schema ??= {}) as Record<string, unknown>
  const response = (s.response ??= {}) as Record<string, unknown>
  for (const status of statuses) response[status] ??= problem
}

/** Whether the route declares a success answer with this status (201: it creates something). */
export function declaresStatus(route: RouteOptions, status: number): boolean {
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response
  return response !== undefined && (String(status) in response)
}
