import type { RouteRecordRaw } from 'vue-router'

/** Staff pages of the assessment module (inside the shell). */
export const assessmentRoutes: RouteRecordRaw[] = [
  {
    path: 'autovalutazioni',
    name: 'assessments',
    component: () => import('./pages/AssessmentsPage.vue'),
    meta: { action: 'assessment.read', titleKey: 'assessment.nav.assessments', navIcon: 'pi pi-chart-pie', navOrder: 9 },
  },
  {
    path: 'autovalutazioni/:id(\\d+)',
    name: 'assessment',
    component: () => import('./pages/AssessmentPage.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { action: 'assessment.read', titleKey: 'assessment.nav.assessments' },
  },
  {
    path: 'questionari',
    name: 'questionnaires',
    component: () => import('./pages/QuestionnairesPage.vue'),
    meta: { action: 'assessment.questionnaires.manage', titleKey: 'assessment.nav.questionnaires', navIcon: 'pi pi-list-check', navOrder: 11 },
  },
  {
    path: 'analisi-maturita',
    name: 'assessment-analytics',
    component: () => import('./pages/AnalyticsPage.vue'),
    meta: { action: 'assessment.analytics.read', titleKey: 'assessment.nav.analytics', navIcon: 'pi pi-chart-line', navOrder: 12 },
  },
]

/** The firm's own self-assessment, opened from its personal link (no staff session). */
export const assessmentPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/impresa/autovalutazione',
    name: 'firm-assessment',
    component: () => import('./pages/FirmAssessmentPage.vue'),
    meta: { public: true, titleKey: 'assessment.firm.title' },
  },
  // The public self-assessment: a chamber's page, the national one, and the mailed verification link
  // (keep the paths in sync with server/src/modules/assessment/public-start).
  {
    path: '/pubblico/camere/:chamberId(\\d+)/autovalutazione',
    name: 'public-self-assessment-chamber',
    component: () => import('./pages/PublicStartPage.vue'),
    props: (r) => ({ chamberId: Number(r.params.chamberId) }),
    meta: { public: true, titleKey: 'assessment.public.title' },
  },
  {
    path: '/autovalutazione',
    name: 'public-self-assessment',
    component: () => import('./pages/PublicStartPage.vue'),
    meta: { public: true, titleKey: 'assessment.public.title' },
  },
  {
    path: '/autovalutazione/verifica',
    name: 'public-self-assessment-verify',
    component: () => import('./pages/PublicVerifyPage.vue'),
    meta: { public: true, titleKey: 'assessment.public.verifyTitle' },
  },
]
