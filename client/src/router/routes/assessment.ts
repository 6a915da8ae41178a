import type { RouteRecordRaw } from 'vue-router'

/** Staff pages of the assessment module (inside the shell). */
export const assessmentRoutes: RouteRecordRaw[] = [
  {
    path: 'autovalutazioni',
    name: 'assessments',
    component: () => import('../../pages/assessment/AssessmentsPage.vue'),
    meta: { action: 'assessment.read', titleKey: 'assessment.nav.assessments', navIcon: 'pi pi-chart-pie', navOrder: 9 },
  },
  {
    path: 'autovalutazioni/:id(\\d+)',
    name: 'assessment',
    component: () => import('../../pages/assessment/AssessmentPage.vue'),
    props: (r) => ({ id: Number(r.params.id) }),
    meta: { action: 'assessment.read', titleKey: 'assessment.nav.assessments' },
  },
  {
    path: 'questionari',
    name: 'questionnaires',
    component: () => import('../../pages/assessment/QuestionnairesPage.vue'),
    meta: { action: 'assessment.questionnaires.manage', titleKey: 'assessment.nav.questionnaires', navIcon: 'pi pi-list-check', navOrder: 11 },
  },
  {
    path: 'analisi-maturita',
    name: 'assessment-analytics',
    component: () => import('../../pages/assessment/AnalyticsPage.vue'),
    meta: { action: 'assessment.analytics.read', titleKey: 'assessment.nav.analytics', navIcon: 'pi pi-chart-line', navOrder: 12 },
  },
]

/** The firms' public area: reached with a personal link, no staff session. */
export const firmPublicRoutes: RouteRecordRaw[] = [
  {
    // The link mailed to firms points here: keep the path in sync with server/src/modules/firm-access.
    path: '/impresa/accesso',
    name: 'firm-access',
    component: () => import('../../pages/firm/FirmAccessPage.vue'),
    meta: { public: true, titleKey: 'assessment.firm.accessTitle' },
  },
  {
    path: '/impresa/autovalutazione',
    name: 'firm-assessment',
    component: () => import('../../pages/firm/FirmAssessmentPage.vue'),
    meta: { public: true, titleKey: 'assessment.firm.title' },
  },
]
