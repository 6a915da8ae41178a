import type { RouteRecordRaw } from 'vue-router'

export const monitoringRoutes: RouteRecordRaw[] = [
  {
    path: 'monitoraggio',
    name: 'monitoring',
    component: () => import('../../pages/crm/MonitoringPage.vue'),
    meta: { action: 'crm.monitoring.read', titleKey: 'nav.monitoring', navIcon: 'pi pi-chart-bar', navOrder: 8 },
  },
]
