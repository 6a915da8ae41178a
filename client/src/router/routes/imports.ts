import type { RouteRecordRaw } from 'vue-router'

export const importRoutes: RouteRecordRaw[] = [
  {
    path: 'importazioni',
    name: 'imports',
    component: () => import('../../pages/crm/ImportsPage.vue'),
    meta: { action: 'crm.firms.import', titleKey: 'nav.imports', navIcon: 'pi pi-upload', navOrder: 6 },
  },
  {
    path: 'duplicati',
    name: 'duplicates',
    component: () => import('../../pages/crm/DuplicatesPage.vue'),
    meta: { action: 'crm.firms.merge', titleKey: 'nav.duplicates', navIcon: 'pi pi-clone', navOrder: 7 },
  },
]
