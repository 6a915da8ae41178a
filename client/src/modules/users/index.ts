import type { ClientModule } from '../../app/module'
import { userRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** The chamber's staff: invitations and roles. */
export const usersModule: ClientModule = { name: 'users', routes: userRoutes, messages: { it, en } }

// The staff list other modules offer to choose from (a campaign's owner).
export { usersApi } from './api'
