import type { RouteRecordRaw } from 'vue-router'

export const userRoutes: RouteRecordRaw[] = [
  {
    path: 'utenti',
    name: 'users',
    component: () => import('../../pages/UsersPage.vue'),
    meta: { action: 'users.read', titleKey: 'nav.users', navIcon: 'pi pi-users', navOrder: 20 },
  },
  {
    path: 'profilo',
    name: 'profile',
    component: () => import('../../pages/ProfilePage.vue'),
    meta: { titleKey: 'nav.profile', navIcon: 'pi pi-user', navOrder: 90 },
  },
]
