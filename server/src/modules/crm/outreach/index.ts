import type { FastifyInstance } from 'fastify'

/** CRM: outreach (routes under /api/v1). */
export default async function outreachRoutes(_app: FastifyInstance) {}
