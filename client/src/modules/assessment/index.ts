import type { ClientModule } from '../../app/module'
import { assessmentPublicRoutes, assessmentRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** The digital-maturity self-assessment: questionnaires, a firm's answers and report, analytics. */
export const assessmentModule: ClientModule = {
  name: 'assessment',
  routes: assessmentRoutes,
  publicRoutes: assessmentPublicRoutes,
  messages: { it, en },
}
