import type { RouteRecordRaw } from 'vue-router'

export const matchingRoutes: RouteRecordRaw[] = [
  {
    path: 'mentoring/richieste',
    name: 'mentoring-requests',
    component: () => import('./pages/RequestsPage.vue'),
    meta: { action: 'mentoring.read', titleKey: 'nav.mentoringRequests', navIcon: 'pi pi-inbox', navOrder: 10.2 },
  },
  {
    path: 'mentoring/richieste/:requestId(\\d+)',
    name: 'mentoring-request',
    component: () => import('./pages/RequestPage.vue'),
    meta: { action: 'mentoring.read', titleKey: 'nav.mentoringRequests' },
  },
  {
    path: 'mentoring/giornate',
    name: 'mentoring-days',
    component: () => import('./pages/DaysPage.vue'),
    meta: { action: 'mentoring.read', titleKey: 'nav.mentoringDays', navIcon: 'pi pi-stopwatch', navOrder: 10.4 },
  },
  {
    path: 'area-mentor/proposte',
    name: 'mentor-proposals',
    component: () => import('./pages/ProposalsPage.vue'),
    meta: { action: 'mentoring.mentor', titleKey: 'nav.mentoringProposals', navIcon: 'pi pi-user-plus', navOrder: 10.7 },
  },
]
