import { defineAsyncComponent } from 'vue'
import type { ClientModule } from '../../app/module'
import { registerFirmTab } from '../crm'
import { firmAccessPublicRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/**
 * A firm's way in: the personal link and the session it opens, or a firm_user account linked to the
 * firm, which finds it on its home. The link page's words are under `assessment.firm.` (the
 * assessment module's catalogue), where they were first written; the accounts' under `firmAccess.`.
 */
export const firmAccessModule: ClientModule = {
  name: 'firm-access',
  publicRoutes: firmAccessPublicRoutes,
  homePanels: [defineAsyncComponent(() => import('./components/MyFirmsPanel.vue'))],
  messages: { it, en },
}

// The CRM firm page's tab: the firm_user accounts linked to the firm.
registerFirmTab({
  key: 'accesso', labelKey: 'firmAccess.tab.label', order: 70, action: 'firm_access.manage',
  component: defineAsyncComponent(() => import('./components/FirmAccountsTab.vue')),
})

// Pages of the firms' area (self-assessment, vouchers) read the session the link opened; staff send links.
export { loadFirmSession, saveFirmSession, type StoredFirmSession } from './composables/firmSession'
export { firmLinksApi } from './api'
// The offer to talk with the PID, also on the firm's self-assessment report.
export { default as HelpRequestForm } from './components/HelpRequestForm.vue'
