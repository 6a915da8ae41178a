import type { RouteRecordRaw } from 'vue-router'

export const demoRoutes: RouteRecordRaw[] = [
  {
    path: 'area-demo',
    name: 'experience-demo',
    component: () => import('./pages/DemoAreaPage.vue'),
    // Last of the experience centre's entries (9.6-9.9): the side navigation sorts by this alone.
    meta: { action: 'experience.read', titleKey: 'nav.experienceDemo', navIcon: 'pi pi-box', navOrder: 9.9 },
  },
]
