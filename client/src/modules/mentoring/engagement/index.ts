import type { MentoringPart } from '../part'
import { engagementPublicRoutes, engagementRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Mentoring's engagement part: agreements, sessions, feedback; the mentor's area and the firm's page. */
export const engagementPart: MentoringPart = { routes: engagementRoutes, publicRoutes: engagementPublicRoutes, messages: { it, en } }
