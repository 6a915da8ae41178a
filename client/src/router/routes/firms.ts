import type { RouteRecordRaw } from 'vue-router'

export const firmRoutes: RouteRecordRaw[] = [
  {
    path: 'imprese',
    name: 'firms',
    component: () => import('../../pages/crm/FirmsPage.vue'),
    meta: { action: 'crm.firms.read', titleKey: 'nav.firms', navIcon: 'pi pi-building', navOrder: 1 },
  },
  {
    path: 'imprese/:firmId(\\d+)',
    name: 'firm',
    component: () => import('../../pages/crm/FirmPage.vue'),
    props: true,
    meta: { action: 'crm.firms.read', titleKey: 'nav.firm' },
  },
]
