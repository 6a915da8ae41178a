import type { RouteRecordRaw } from 'vue-router'

/** Staff pages of the vouchers module (inside the shell). */
export const voucherRoutes: RouteRecordRaw[] = [
  {
    path: 'bandi',
    name: 'voucher-calls',
    component: () => import('./pages/CallsPage.vue'),
    meta: { action: 'vouchers.read', titleKey: 'vouchers.nav.calls', navIcon: 'pi pi-ticket', navOrder: 9.5 },
  },
  {
    path: 'bandi/nuovo',
    name: 'voucher-call-new',
    component: () => import('./pages/CallEditorPage.vue'),
    meta: { action: 'vouchers.calls.manage', titleKey: 'vouchers.editor.newTitle' },
  },
  {
    path: 'bandi/:callId(\\d+)',
    name: 'voucher-call',
    component: () => import('./pages/CallPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId) }),
    meta: { action: 'vouchers.read', titleKey: 'vouchers.nav.calls' },
  },
  {
    path: 'bandi/:callId(\\d+)/modifica',
    name: 'voucher-call-edit',
    component: () => import('./pages/CallEditorPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId) }),
    meta: { action: 'vouchers.calls.manage', titleKey: 'vouchers.nav.calls' },
  },
  {
    path: 'bandi/:callId(\\d+)/domande/:applicationId(\\d+)',
    name: 'voucher-application',
    component: () => import('./pages/ApplicationPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId), applicationId: Number(r.params.applicationId) }),
    meta: { action: 'vouchers.applications.read', titleKey: 'vouchers.nav.calls' },
  },
  {
    path: 'bandi/:callId(\\d+)/domande/:applicationId(\\d+)/compila',
    name: 'voucher-application-fill',
    component: () => import('./pages/PartnerApplicationPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId), applicationId: Number(r.params.applicationId) }),
    meta: { action: 'vouchers.apply', titleKey: 'vouchers.firm.formTitle' },
  },
  {
    path: 'bandi/:callId(\\d+)/elenco',
    name: 'voucher-decision-list',
    component: () => import('./pages/DecisionListPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId) }),
    meta: { action: 'vouchers.evaluate', titleKey: 'vouchers.evaluation.decisionList' },
  },
]

/** Pages anyone reads without signing in: a call's public page. */
export const voucherPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/pubblico/bandi/:callId(\\d+)',
    name: 'public-call',
    component: () => import('./pages/PublicCallPage.vue'),
    props: (r) => ({ callId: Number(r.params.callId) }),
    meta: { public: true, titleKey: 'vouchers.public.title' },
  },
  {
    path: '/impresa/voucher',
    name: 'firm-vouchers',
    component: () => import('./pages/FirmVouchersPage.vue'),
    meta: { public: true, titleKey: 'vouchers.firm.title' },
  },
  {
    path: '/impresa/voucher/domande/:applicationId(\\d+)',
    name: 'firm-voucher-application',
    component: () => import('./pages/FirmApplicationPage.vue'),
    props: (r) => ({ applicationId: Number(r.params.applicationId) }),
    meta: { public: true, titleKey: 'vouchers.firm.formTitle' },
  },
]

