import type { FastifyInstance } from 'fastify'

/** CRM: firms (routes under /api/v1). */
export default async function firmsRoutes(_app: FastifyInstance) {}
