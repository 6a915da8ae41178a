import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { Problem } from '@pid/shared'

/** OpenAPI 3.1 generated from the route schemas, served at /api/openapi.json and /api/docs. */
export default fp(
  async function openapi(app: FastifyInstance) {
    app.addSchema(Problem)
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Punto Impresa Digitale API',
          version: '1.0.0',
          description:
            'REST API of the PID platform. Errors are RFC 9457 problem+json with a stable `code`. ' +
            'Authenticate with POST /api/v1/auth/login and send `Authorization: Bearer <accessToken>`.',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    })
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } })
    app.get('/api/openapi.json', { schema: { hide: true }, config: { guard: 'public' } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
