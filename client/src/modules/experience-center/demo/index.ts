import type { ExperiencePart } from '../part'
import { demoRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** The experience centre's demo area: lent equipment, its calendar, demo bookings for firms and events. */
export const demoPart: ExperiencePart = { routes: demoRoutes, messages: { it, en } }
