import type { ClientModule } from '../../app/module'
import { firmAccessPublicRoutes } from './routes'

/**
 * A firm's way in without an account: the personal link and the session it opens. Its page's words
 * are under `assessment.firm.` (the assessment module's catalogue), where they were first written.
 */
export const firmAccessModule: ClientModule = { name: 'firm-access', publicRoutes: firmAccessPublicRoutes }

// Pages of the firms' area (self-assessment, vouchers) read the session the link opened; staff send links.
export { loadFirmSession, type StoredFirmSession } from './composables/firmSession'
export { firmLinksApi } from './api'
