import type { RouteRecordRaw } from 'vue-router'

/** The firms' public area starts here: a personal link, no staff session. */
export const firmAccessPublicRoutes: RouteRecordRaw[] = [
  {
    // The link mailed to firms points here: keep the path in sync with server/src/modules/firm-access.
    path: '/impresa/accesso',
    name: 'firm-access',
    component: () => import('./pages/FirmAccessPage.vue'),
    meta: { public: true, titleKey: 'assessment.firm.accessTitle' },
  },
  {
    // The firm's own home: its card, one section per module its session opens, help from the PID.
    path: '/impresa/home',
    name: 'firm-home',
    component: () => import('./pages/FirmHomePage.vue'),
    meta: { public: true, titleKey: 'firmAccess.firmHome.title' },
  },
]
