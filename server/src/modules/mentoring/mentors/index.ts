import type { FastifyInstance } from 'fastify'

/** Mentoring's mentors part: see ../index.ts. */
export default async function mentorsPart(_app: FastifyInstance) {
}
