import type { ExperiencePart } from '../part'
import { it } from './i18n/it'
import { en } from './i18n/en'

const token = ':token([A-Za-z0-9_-]{16,200})'

/** The door and after: check-in, attendance, certificates, the survey, costs and figures. */
export const doorPart: ExperiencePart = {
  routes: [
    {
      path: 'eventi/:eventId(\\d+)/ingresso',
      name: 'experience-event-door',
      component: () => import('./pages/DoorPage.vue'),
      meta: { action: 'experience.checkin', titleKey: 'experience.door.qr.scan' },
    },
    {
      path: 'eventi/:eventId(\\d+)/risultati',
      name: 'experience-event-results',
      component: () => import('./pages/ResultsPage.vue'),
      meta: { action: 'experience.figures.read', titleKey: 'experience.door.results.attendance' },
    },
    {
      path: 'eventi/risultati',
      name: 'experience-figures',
      component: () => import('./pages/FiguresPage.vue'),
      // After the budget (9.2) and the calls (9.5), with the experience centre's pages (9.6-9.9).
      meta: { action: 'experience.figures.read', titleKey: 'nav.experienceFigures', navIcon: 'pi pi-chart-bar', navOrder: 9.7 },
    },
  ],
  publicRoutes: [
    {
      path: `/pubblico/eventi/questionario/${token}`,
      name: 'experience-survey',
      component: () => import('./pages/PublicSurveyPage.vue'),
      props: true,
      meta: { public: true, titleKey: 'experience.door.survey.title' },
    },
    {
      path: `/pubblico/eventi/attestato/${token}`,
      name: 'experience-certificate',
      component: () => import('./pages/PublicCertificatePage.vue'),
      props: true,
      meta: { public: true, titleKey: 'experience.door.certificate.title' },
    },
  ],
  messages: { it, en },
}
