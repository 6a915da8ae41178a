import type { FastifyInstance } from 'fastify'

/** CRM: imports (routes under /api/v1). */
export default async function importsRoutes(_app: FastifyInstance) {}
