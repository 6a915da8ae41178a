import type { ClientModule } from '../../app/module'
import { crmPublicRoutes, crmRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Firms and their journey: contacts, timeline, segments, campaigns, partners, referrals, imports, monitoring. */
export const crmModule: ClientModule = { name: 'crm', routes: crmRoutes, publicRoutes: crmPublicRoutes, messages: { it, en } }

// What other modules use: a tab on the firm page, a link on a partner's row, and the CRM calls their pages make.
export { registerFirmTab, type FirmTab, type FirmTabProps } from './firmTabs'
export { registerPartnerLink, type PartnerLink } from './partnerLinks'
export { firmsApi } from './api/firms'
export { default as FirmPicker } from './components/FirmPicker.vue'
export { contactsApi } from './api/contacts'
export { partnersApi } from './api/partners'
export { timelineApi } from './api/timeline'
