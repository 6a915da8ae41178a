import type { MentoringPart } from '../part'
import { mentorsRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Mentoring's mentors part. */
export const mentorsPart: MentoringPart = { routes: mentorsRoutes, messages: { it, en } }
