import type { FastifyInstance } from 'fastify'

/** The experience centre's demo (routes to come). */
export default async function demoPart(_app: FastifyInstance) {}
