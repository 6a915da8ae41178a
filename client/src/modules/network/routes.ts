import type { RouteRecordRaw } from 'vue-router'

export const networkRoutes: RouteRecordRaw[] = [
  {
    path: 'rete',
    name: 'network',
    component: () => import('./pages/NetworkPage.vue'),
    meta: { action: 'network.read', titleKey: 'nav.network', navIcon: 'pi pi-sitemap', navOrder: 10 },
  },
]
