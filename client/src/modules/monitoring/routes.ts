import type { RouteRecordRaw } from 'vue-router'

export const monitoringRoutes: RouteRecordRaw[] = [
  {
    path: 'risultati',
    name: 'network-results',
    component: () => import('./pages/ResultsPage.vue'),
    // Right after the CRM's Monitoraggio (8), before the self-assessments (9): the side navigation sorts by this alone.
    meta: { action: 'monitoring.read', titleKey: 'nav.networkResults', navIcon: 'pi pi-gauge', navOrder: 8.5 },
  },
]
