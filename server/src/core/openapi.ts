import { readFileSync } from 'node:fs'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { Problem } from '@pid/shared'
import { HEADERS, PROBLEM_EXAMPLES, RESPONSES, securitySchemes } from './openapi/components.ts'
import { completeOperations, type RouteFacts } from './openapi/enrich.ts'
import { TAG_DESCRIPTIONS } from './openapi/tags.ts'
import { webhooksSection } from './openapi/webhooks.ts'

/** The "for partners" page (Italian), shown first in /api/docs: read once, at build time. */
const PARTNERS_PAGE = readFileSync(new URL('./openapi-partners.md', import.meta.url), 'utf8')

/** ModI's `x-api-id`: this API's identity in catalogues, whatever its title or version becomes. Never change it. */
const API_ID = 'b6c7e0d2-5f3a-4c8e-9d41-7a2e8f1c3b95'

const INTRO = 'REST API della piattaforma PID (Punto Impresa Digitale delle Camere di commercio). ' +
  'Versione nel percorso (`/api/v1`); errori RFC 9457 `application/problem+json` con un `code` stabile; ' +
  'limiti di frequenza con gli header `RateLimit-*` e 429 + `Retry-After`.\n\n' +
  'Persone: POST /api/v1/auth/login, poi `Authorization: Bearer <accessToken>`. ' +
  'Sistemi dei partner: OAuth 2.0 client credentials (vedi sotto).\n\n'

/**
 * OpenAPI 3.1 generated from the route schemas, served at /api/openapi.json and /api/docs. What the
 * route schemas leave out (operationIds, security per guard and scope, error answers as
 * problem+json, rate-limit headers, tags, webhooks) is completed here, by generation.
 */
export default fp(
  async function openapi(app: FastifyInstance) {
    app.addSchema(Problem)
    const routes = new Map<string, RouteFacts>()
    app.addHook('onRoute', (route) => {
      const guard = route.config?.guard
      if (!guard || !route.url.startsWith('/api/')) return
      const rateLimited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false
      for (const m of [route.method].flat()) routes.set(`${m} ${route.url}`, { guard, rateLimited })
    })
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Punto Impresa Digitale API',
          summary: 'API REST della piattaforma PID: imprese, segnalazioni, autovalutazioni, voucher, eventi, webhook.',
          version: '1.0.0',
          description: INTRO + PARTNERS_PAGE,
          // The example domain, as everywhere in the demo: an installation states its own contact.
          contact: { name: 'PID: assistenza API', email: 'api@pid.example', url: 'https://pid.example/assistenza' },
          license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
          'x-api-id': API_ID,
        } as never,
        servers: [{ url: app.config.publicUrl, description: 'This installation (every API path starts with /api/v1)' }],
        components: {
          securitySchemes: securitySchemes() as never,
          headers: HEADERS as never,
          responses: RESPONSES as never,
        },
      },
      stripBasePath: false,
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transformObject: (documentObject) => {
        const doc = (documentObject as { openapiObject: unknown }).openapiObject as Record<string, unknown> & {
          paths: Record<string, Record<string, never>>
          components: { schemas: Record<string, Record<string, unknown>> }
        }
        completeOperations(doc.paths, routes)
        const used = new Set<string>(['webhooks'])
        for (const item of Object.values(doc.paths)) {
          for (const op of Object.values(item) as { tags?: string[] }[]) for (const t of op.tags ?? []) used.add(t)
        }
        doc.tags = [...used].sort().map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }))
        doc.components.schemas.Problem = { ...doc.components.schemas.Problem, examples: PROBLEM_EXAMPLES }
        doc.webhooks = webhooksSection()
        return doc as never
      },
    })
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } })
    app.get('/api/openapi.json', { schema: { hide: true }, config: { guard: 'public' } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
