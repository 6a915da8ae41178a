import type { RouteRecordRaw } from 'vue-router'

export const networkRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('../../pages/HomePage.vue'),
    meta: { titleKey: 'nav.home', navIcon: 'pi pi-home', navOrder: 0 },
  },
  {
    path: 'rete',
    name: 'network',
    component: () => import('../../pages/NetworkPage.vue'),
    meta: { action: 'network.read', titleKey: 'nav.network', navIcon: 'pi pi-sitemap', navOrder: 10 },
  },
]
