import type { ClientModule } from '../../app/module'
import { monitoringRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** The network's results: every module's figures over time, the awareness funnel, the chambers' yearly targets. */
export const monitoringModule: ClientModule = { name: 'monitoring', routes: monitoringRoutes, messages: { it, en } }
