import type { ClientModule } from '../../app/module'
import { registerPartnerLink } from '../crm'
import { partnerApiRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/**
 * The partner API as the chamber's staff manage it: partners' API clients (create, rotate, revoke,
 * usage), their webhook subscriptions and the delivery log with replay. Same name as the server's
 * module; the partners themselves use the API, not these pages.
 */
export const partnerApiModule: ClientModule = { name: 'partner-api', routes: partnerApiRoutes, messages: { it, en } }

// A partner's row on the CRM's Partners page links to its API clients (the list filtered by it).
registerPartnerLink({
  key: 'partner-api',
  labelKey: 'partnerApi.crmLink',
  ariaLabelKey: 'partnerApi.crmLinkOf',
  action: 'partner_api.read',
  to: (partnerId) => ({ name: 'partner-api-clients', query: { partnerId: String(partnerId) } }),
})
