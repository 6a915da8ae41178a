import type { ClientModule } from '../../app/module'
import { budgetRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** The PID's annual plan: lines from their drivers, commitments and spending, programme rules. */
export const budgetModule: ClientModule = { name: 'budget', routes: budgetRoutes, messages: { it, en } }

// The plan's lines a call's envelope is drawn from (the call editor).
export { budgetApi } from './api'
