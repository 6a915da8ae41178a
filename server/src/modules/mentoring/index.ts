import type { FastifyInstance } from 'fastify'
import mentorsPart from './mentors/index.ts'
import matchingPart from './matching/index.ts'
import engagementPart from './engagement/index.ts'
import expensesPart from './expenses/index.ts'
import { mentoringFigures } from './figures.ts'

/**
 * Mentoring, in four parts: the mentors, their selection, the code of conduct and conflicts of
 * interest (mentors/); requests, explained suggestions, proposals the mentor accepts or declines,
 * and matchmaking days (matching/); the agreement, sessions with confidential notes, closure and
 * feedback (engagement/); expense claims capped per mentor per year and spent on the budget's
 * mentoring line (expenses/), with the figures. Every step a firm lives lands on its timeline
 * through `app.crm` (never the confidential notes); expenses are spent through `app.budget`.
 */
export default async function mentoringModule(app: FastifyInstance) {
  app.figures.register(mentoringFigures)
  await app.register(mentorsPart)
  await app.register(matchingPart)
  await app.register(engagementPart)
  await app.register(expensesPart)
}
