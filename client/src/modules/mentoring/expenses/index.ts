import type { MentoringPart } from '../part'
import { expensesRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Mentoring's expenses part. */
export const expensesPart: MentoringPart = { routes: expensesRoutes, messages: { it, en } }
