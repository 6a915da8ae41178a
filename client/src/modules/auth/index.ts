import type { ClientModule } from '../../app/module'
import { authPublicRoutes, authRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Signing in, accepting an invitation, one's own profile (the session itself is the shell's). */
export const authModule: ClientModule = { name: 'auth', routes: authRoutes, publicRoutes: authPublicRoutes, messages: { it, en } }
