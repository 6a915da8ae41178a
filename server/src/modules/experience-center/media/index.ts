import type { FastifyInstance } from 'fastify'

/** The experience centre's media (routes to come). */
export default async function mediaPart(_app: FastifyInstance) {}
