import type { RouteRecordRaw } from 'vue-router'

export const engagementRoutes: RouteRecordRaw[] = [
  {
    path: 'mentoring/percorsi',
    name: 'mentoring-pairs',
    component: () => import('./pages/PairsPage.vue'),
    meta: { action: 'mentoring.read', titleKey: 'nav.mentoringPairs', navIcon: 'pi pi-users', navOrder: 10.3 },
  },
  {
    path: 'mentoring/percorsi/:matchId(\\d+)',
    name: 'mentoring-pair',
    component: () => import('./pages/StaffPairPage.vue'),
    props: (r) => ({ matchId: Number(r.params.matchId) }),
    meta: { action: 'mentoring.read', titleKey: 'nav.mentoringPairs' },
  },
  {
    path: 'area-mentor/imprese',
    name: 'mentor-firms',
    component: () => import('./pages/MyPairsPage.vue'),
    meta: { action: 'mentoring.mentor', titleKey: 'nav.mentorFirms', navIcon: 'pi pi-briefcase', navOrder: 10.8 },
  },
  {
    path: 'area-mentor/imprese/:matchId(\\d+)',
    name: 'mentor-firm',
    component: () => import('./pages/MyPairPage.vue'),
    props: (r) => ({ matchId: Number(r.params.matchId) }),
    meta: { action: 'mentoring.mentor', titleKey: 'nav.mentorFirms' },
  },
]

/** The firm's own mentoring page, opened from its personal link or its account (no staff session). */
export const engagementPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/impresa/mentoring',
    name: 'firm-mentoring',
    component: () => import('./pages/FirmMentoringPage.vue'),
    meta: { public: true, titleKey: 'mentoring.firm.accessLabel' },
  },
]
