import type { RouteRecordRaw } from 'vue-router'

export const userRoutes: RouteRecordRaw[] = [
  {
    path: 'utenti',
    name: 'users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { action: 'users.read', titleKey: 'nav.users', navIcon: 'pi pi-users', navOrder: 20 },
  },
]
