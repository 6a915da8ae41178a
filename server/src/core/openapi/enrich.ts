import { STATUS_CODES } from 'node:http'
import { SCOPE_ACTIONS, type ApiScope, type RouteGuard } from '@pid/shared'
import { PROBLEM_TYPE, RESPONSE_EXAMPLES, rateLimitHeaderRefs } from './components.ts'
import { describeParameter } from './parameters.ts'

/** What the document needs to know of a route beyond its schema: its guard, whether it is rate limited. */
export interface RouteFacts {
  guard: RouteGuard
  rateLimited: boolean
}

interface Response { $ref?: string; description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: unknown; example?: unknown }> }
interface Parameter { in: string; name: string; description?: string; schema?: { description?: string } }
interface Operation {
  operationId?: string
  description?: string
  security?: Record<string, string[]>[]
  parameters?: Parameter[]
  responses: Record<string, Response>
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']

/**
 * Completes every operation of the generated document, so that no route file has to: a stable
 * operationId, its security requirements (people's bearer token, a firm session, or the oauth2
 * scopes that open its action), every error answer as problem+json, the rate-limit headers.
 */
export function completeOperations(paths: Record<string, Record<string, Operation>>, routes: Map<string, RouteFacts>): void {
  const ids = new Map<string, string>()
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const where = `${method.toUpperCase()} ${path}`
      const facts = routes.get(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)
      if (!facts) throw new Error(`OpenAPI: ${where} has no route facts (guard)`)
      op.operationId = operationId(method, path)
      const taken = ids.get(op.operationId)
      if (taken) throw new Error(`OpenAPI: operationId ${op.operationId} of ${where} is already ${taken}'s: rename a path`)
      ids.set(op.operationId, where)
      op.security = securityFor(facts.guard)
      const scopes = scopesOf(facts.guard)
      if (scopes.length && typeof facts.guard === 'object' && 'action' in facts.guard) {
        op.description = `${op.description ?? ''}\n\nPartner API clients: a token with scope ${scopes.map((s) => `\`${s}\``).join(' or ')}.`.trim()
      }
      for (const p of op.parameters ?? []) p.description ??= p.schema?.description ?? describeParameter(p.in, p.name)
      completeResponses(op, facts)
      const example = RESPONSE_EXAMPLES[op.operationId]
      const json = op.responses[example?.status ?? '']?.content?.['application/json']
      if (example && json) json.example = example.value
    }
  }
}

/** `get` + the static segments after /api(/v1) + `By<Param>` when the path ends on one: getChambersApiClientsByApiClientId. */
export function operationId(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean)
  const rest = segments.slice(segments[0] === 'api' ? (segments[1] === 'v1' ? 2 : 1) : 0)
  const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
  const words = rest.filter((s) => !s.startsWith('{')).map(pascal)
  const last = rest.at(-1)
  if (last?.startsWith('{')) words.push(`By${pascal(last.slice(1, -1))}`)
  return method.toLowerCase() + words.join('')
}

/** The scopes whose actions include the route's (a client may call it with any one of them). */
export function scopesOf(guard: RouteGuard): ApiScope[] {
  if (typeof guard !== 'object') return []
  if ('apiClient' in guard) return guard.apiClient === 'any' ? [] : [guard.apiClient]
  if (!('action' in guard)) return []
  return (Object.keys(SCOPE_ACTIONS) as ApiScope[]).filter((s) => SCOPE_ACTIONS[s].includes(guard.action))
}

function securityFor(guard: RouteGuard): Record<string, string[]>[] {
  if (guard === 'public') return []
  if (guard === 'authenticated') return [{ bearerAuth: [] }]
  if ('firm' in guard) return [{ firmSession: [] }]
  if ('apiClient' in guard) return [{ oauth2: guard.apiClient === 'any' ? [] : [guard.apiClient] }]
  return [{ bearerAuth: [] }, ...scopesOf(guard).map((s) => ({ oauth2: [s] }))]
}

function completeResponses(op: Operation, facts: RouteFacts): void {
  const r = op.responses
  for (const [status, response] of Object.entries(r)) {
    if (response.$ref) continue
    if (!response.description || response.description === 'Default Response') response.description = STATUS_CODES[status] ?? 'Response'
    const error = status === 'default' || Number(status) >= 400
    // ModI / RFC 9457: errors are problem+json whatever the success type is (CSV, iCalendar...).
    if (error && response.content) {
      const first = Object.values(response.content)[0]
      response.content = { [PROBLEM_TYPE]: { ...first } }
    }
    if (facts.rateLimited && status !== '429' && /^[24]/.test(status)) response.headers = { ...rateLimitHeaderRefs(), ...response.headers }
  }
  if (facts.guard !== 'public') {
    // The guard alone answers 401, alike on every route.
    r['401'] = { $ref: '#/components/responses/Unauthorized' }
    r['403'] ??= { $ref: '#/components/responses/Forbidden' }
  }
  if (facts.rateLimited) r['429'] = { $ref: '#/components/responses/TooManyRequests' }
  r.default ??= { $ref: '#/components/responses/InternalError' }
}
