import type { MentoringPart } from '../part'
import { matchingRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Mentoring's matching part. */
export const matchingPart: MentoringPart = { routes: matchingRoutes, messages: { it, en } }
