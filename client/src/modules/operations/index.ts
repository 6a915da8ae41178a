import type { ClientModule } from '../../app/module'
import { operationsRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** What the platform did: sent mail and the activity log. */
export const operationsModule: ClientModule = { name: 'operations', routes: operationsRoutes, messages: { it, en } }
