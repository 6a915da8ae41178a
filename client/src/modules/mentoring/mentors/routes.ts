import type { RouteRecordRaw } from 'vue-router'

export const mentorsRoutes: RouteRecordRaw[] = [
  {
    path: 'mentoring/mentor', name: 'mentoring-mentors', component: () => import('./pages/MentorsPage.vue'),
    meta: { action: 'mentoring.mentors.read', titleKey: 'nav.mentors', navIcon: 'pi pi-id-card', navOrder: 10.1 },
  },
  {
    path: 'mentoring/mentor/:mentorId(\\d+)', name: 'mentoring-mentor', component: () => import('./pages/MentorPage.vue'),
    props: (r) => ({ mentorId: Number(r.params.mentorId) }), meta: { action: 'mentoring.mentors.read', titleKey: 'nav.mentors' },
  },
  {
    path: 'area-mentor/profilo', name: 'mentoring-my-profile', component: () => import('./pages/MyMentorPage.vue'),
    meta: { action: 'mentoring.mentor', titleKey: 'nav.myMentorProfile', navIcon: 'pi pi-user-edit', navOrder: 10.6 },
  },
]
