import type { RouteRecordRaw } from 'vue-router'

/**
 * The chamber staff's pages on partners' API clients: the list (filtered by `?partnerId=`) and a client's page.
 * Not under /api…: the server keeps those addresses for the API and serves no page there.
 */
export const partnerApiRoutes: RouteRecordRaw[] = [
  {
    path: 'client-api',
    name: 'partner-api-clients',
    component: () => import('./pages/ApiClientsPage.vue'),
    meta: { action: 'partner_api.read', titleKey: 'nav.partnerApi', navIcon: 'pi pi-key', navOrder: 5.5 },
  },
  {
    path: 'client-api/:apiClientId(\\d+)',
    name: 'partner-api-client',
    component: () => import('./pages/ApiClientPage.vue'),
    props: (route) => ({ apiClientId: Number(route.params.apiClientId) }),
    meta: { action: 'partner_api.read', titleKey: 'nav.partnerApiClient' },
  },
]
