import type { FastifyInstance } from 'fastify'

/** Mentoring's engagement part: see ../index.ts. */
export default async function engagementPart(_app: FastifyInstance) {
}
