import type { RouteRecordRaw } from 'vue-router'

export const partnerRoutes: RouteRecordRaw[] = [
  {
    path: 'segnalazioni',
    name: 'referrals',
    component: () => import('../../pages/crm/ReferralsPage.vue'),
    meta: { action: 'crm.referrals.read', titleKey: 'nav.referrals', navIcon: 'pi pi-share-alt', navOrder: 4 },
  },
  {
    path: 'partner',
    name: 'partners',
    component: () => import('../../pages/crm/PartnersPage.vue'),
    meta: { action: 'crm.partners.read', titleKey: 'nav.partners', navIcon: 'pi pi-briefcase', navOrder: 5 },
  },
]
