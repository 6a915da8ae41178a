import type { FastifyInstance } from 'fastify'

/** CRM: reference (routes under /api/v1). */
export default async function referenceRoutes(_app: FastifyInstance) {}
