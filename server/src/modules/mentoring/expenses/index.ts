import type { FastifyInstance } from 'fastify'

/** Mentoring's expenses part: see ../index.ts. */
export default async function expensesPart(_app: FastifyInstance) {
}
