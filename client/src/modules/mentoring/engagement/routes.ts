import type { RouteRecordRaw } from 'vue-router'

export const engagementRoutes: RouteRecordRaw[] = []

/** The firm's own mentoring page, opened from its personal link or its account (no staff session). */
export const engagementPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/impresa/mentoring',
    name: 'firm-mentoring',
    component: () => import('./pages/FirmMentoringPage.vue'),
    meta: { public: true, titleKey: 'mentoring.firm.accessLabel' },
  },
]
