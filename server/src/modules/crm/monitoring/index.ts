import type { FastifyInstance } from 'fastify'

/** CRM: monitoring (routes under /api/v1). */
export default async function monitoringRoutes(_app: FastifyInstance) {}
