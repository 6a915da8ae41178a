import type { RouteRecordRaw } from 'vue-router'

/** The chamber staff's pages on partners' API clients: the list (filtered by `?partnerId=`) and a client's page. */
export const partnerApiRoutes: RouteRecordRaw[] = [
  {
    path: 'api-partner',
    name: 'partner-api-clients',
    component: () => import('./pages/ApiClientsPage.vue'),
    meta: { action: 'partner_api.read', titleKey: 'nav.partnerApi', navIcon: 'pi pi-key', navOrder: 5.5 },
  },
  {
    path: 'api-partner/:apiClientId(\\d+)',
    name: 'partner-api-client',
    component: () => import('./pages/ApiClientPage.vue'),
    props: (route) => ({ apiClientId: Number(route.params.apiClientId) }),
    meta: { action: 'partner_api.read', titleKey: 'nav.partnerApiClient' },
  },
]
