import type { ClientModule } from '../../app/module'
import { mergeMessages } from '../../app/i18n/merge'
import { it } from './i18n/it'
import { en } from './i18n/en'
import { mentorsPart } from './mentors'
import { matchingPart } from './matching'
import { engagementPart } from './engagement'
import { expensesPart } from './expenses'

const parts = [mentorsPart, matchingPart, engagementPart, expensesPart]

/**
 * Mentoring: the mentors, their selection and the code of conduct (mentors/); requests,
 * explained suggestions and matchmaking days (matching/); agreements, sessions and feedback, the
 * mentor's area and the firm's page (engagement/); expense claims and their approval, the figures
 * (expenses/). Each part declares its pages and words; this file joins them into one module.
 */
export const mentoringModule: ClientModule = {
  name: 'mentoring',
  routes: parts.flatMap((p) => p.routes ?? []),
  publicRoutes: parts.flatMap((p) => p.publicRoutes ?? []),
  homePanels: parts.flatMap((p) => p.homePanels ?? []),
  messages: {
    it: mergeMessages(it, ...parts.map((p) => p.messages?.it ?? {})),
    en: mergeMessages(en, ...parts.map((p) => p.messages?.en ?? {})),
  },
}
