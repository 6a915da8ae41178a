import type { FastifyInstance } from 'fastify'
import planRoutes from './plans.routes.ts'
import executionRoutes from './execution.routes.ts'
import reallocationRoutes from './reallocations.routes.ts'
import rollupRoutes from './rollups.routes.ts'

/**
 * The budget module: each PID's yearly plan in a programme of several years (plans), what is
 * committed and spent on it (execution: the other modules post through `app.budget`, staff costs
 * by hand), reallocations approved by the digital leader, and roll-ups per programme and region.
 */
export default async function budgetModule(app: FastifyInstance) {
  await app.register(planRoutes)
  await app.register(executionRoutes)
  await app.register(reallocationRoutes)
  await app.register(rollupRoutes)
}

// The budget's public face: what other modules may import. Everything else in this folder is internal.
export type { BudgetPosting, BudgetService, YearBudget } from './budget.service.ts'
