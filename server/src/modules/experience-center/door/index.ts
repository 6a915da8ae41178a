import type { FastifyInstance } from 'fastify'

/** The door and after: check-in, walk-ins, attendance, certificates, the survey, costs and figures (routes to come). */
export default async function doorPart(_app: FastifyInstance) {}
