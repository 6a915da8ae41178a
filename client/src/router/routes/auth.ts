import type { RouteRecordRaw } from 'vue-router'

export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../../pages/LoginPage.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    // The invitation email links here: keep the path in sync with the server's mail template.
    path: '/invito',
    name: 'invitation',
    component: () => import('../../pages/AcceptInvitationPage.vue'),
    meta: { public: true, titleKey: 'invitation.title' },
  },
]
