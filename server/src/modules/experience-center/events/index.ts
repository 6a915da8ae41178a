import type { FastifyInstance } from 'fastify'

/** The experience centre's events (routes to come). */
export default async function eventsPart(_app: FastifyInstance) {}
