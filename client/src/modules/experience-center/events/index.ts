import type { RouteRecordRaw } from 'vue-router'
import type { ExperiencePart } from '../part'
import { it } from './i18n/it'
import { en } from './i18n/en'

/** Staff pages (inside the shell): the calendar, the editor, an event with its registrations and waitlist. */
const routes: RouteRecordRaw[] = [
  {
    path: 'eventi', name: 'experience-events', component: () => import('./pages/EventsPage.vue'),
    meta: { action: 'experience.read', titleKey: 'experience.events.nav', navIcon: 'pi pi-calendar', navOrder: 9.6 },
  },
  {
    path: 'eventi/nuovo', name: 'experience-event-new', component: () => import('./pages/EventEditorPage.vue'),
    meta: { action: 'experience.events.manage', titleKey: 'experience.events.editor.newTitle' },
  },
  {
    path: 'eventi/:eventId(\\d+)', name: 'experience-event', component: () => import('./pages/EventPage.vue'),
    props: (r) => ({ eventId: Number(r.params.eventId) }), meta: { action: 'experience.read', titleKey: 'experience.events.nav' },
  },
  {
    path: 'eventi/:eventId(\\d+)/modifica', name: 'experience-event-edit', component: () => import('./pages/EventEditorPage.vue'),
    props: (r) => ({ eventId: Number(r.params.eventId) }), meta: { action: 'experience.events.manage', titleKey: 'experience.events.editor.editTitle' },
  },
]

/** Public pages (no login): a chamber's calendar, an event with its registration form, the personal page. */
const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/pubblico/camere/:chamberId(\\d+)/eventi', name: 'public-events', component: () => import('./pages/PublicCalendarPage.vue'),
    props: (r) => ({ chamberId: Number(r.params.chamberId) }), meta: { public: true, titleKey: 'experience.events.public.calendarTitle' },
  },
  {
    path: '/pubblico/eventi/:eventId(\\d+)', name: 'public-event', component: () => import('./pages/PublicEventPage.vue'),
    props: (r) => ({ eventId: Number(r.params.eventId) }), meta: { public: true, titleKey: 'experience.events.public.calendarTitle' },
  },
  {
    path: '/pubblico/iscrizioni/:token([A-Za-z0-9_-]+)', name: 'public-registration', component: () => import('./pages/PersonalPage.vue'),
    props: (r) => ({ token: String(r.params.token) }), meta: { public: true, titleKey: 'experience.events.personal.title' },
  },
]

/** The experience centre's events: staff calendar and editor, public calendar, registration and personal page. */
export const eventsPart: ExperiencePart = { routes, publicRoutes, messages: { it, en } }
