import type { RouteRecordRaw } from 'vue-router'

/** Pages reached without a session. */
export const authPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    // The invitation email links here: keep the path in sync with the server's mail template.
    path: '/invito',
    name: 'invitation',
    component: () => import('./pages/AcceptInvitationPage.vue'),
    meta: { public: true, titleKey: 'invitation.title' },
  },
]

/** The signed-in user's own page, inside the shell. */
export const authRoutes: RouteRecordRaw[] = [
  {
    path: 'profilo',
    name: 'profile',
    component: () => import('./pages/ProfilePage.vue'),
    meta: { titleKey: 'nav.profile', navIcon: 'pi pi-user', navOrder: 90 },
  },
]
