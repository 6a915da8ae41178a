import type { FastifyInstance } from 'fastify'

/** CRM: partners (routes under /api/v1). */
export default async function partnersRoutes(_app: FastifyInstance) {}
