import type { FastifyInstance } from 'fastify'

/** Mentoring's matching part: see ../index.ts. */
export default async function matchingPart(_app: FastifyInstance) {
}
