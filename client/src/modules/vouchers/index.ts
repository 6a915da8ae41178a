import { defineAsyncComponent } from 'vue'
import type { ClientModule } from '../../app/module'
import { registerFirmTab } from '../crm'
import { voucherPublicRoutes, voucherRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Calls for vouchers, applications (staff, partners, firms), evaluation, reporting and payment. */
export const vouchersModule: ClientModule = {
  name: 'vouchers',
  routes: voucherRoutes,
  publicRoutes: voucherPublicRoutes,
  messages: { it, en },
}

// The CRM firm page's tab: the firm's voucher applications.
registerFirmTab({
  key: 'voucher', labelKey: 'vouchers.tab.label', order: 60, action: 'vouchers.applications.read',
  component: defineAsyncComponent(() => import('./components/FirmVouchersTab.vue')),
})
