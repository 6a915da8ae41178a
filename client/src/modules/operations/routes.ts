import type { RouteRecordRaw } from 'vue-router'

export const operationsRoutes: RouteRecordRaw[] = [
  {
    path: 'posta',
    name: 'mail',
    component: () => import('./pages/MailPage.vue'),
    meta: { action: 'mail.read', titleKey: 'nav.mail', navIcon: 'pi pi-envelope', navOrder: 30 },
  },
  {
    path: 'registro',
    name: 'audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { action: 'audit.read', titleKey: 'nav.audit', navIcon: 'pi pi-history', navOrder: 40 },
  },
]
