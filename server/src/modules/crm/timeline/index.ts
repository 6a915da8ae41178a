import type { FastifyInstance } from 'fastify'

/** CRM: timeline (routes under /api/v1). */
export default async function timelineRoutes(_app: FastifyInstance) {}
