import type { RouteRecordRaw } from 'vue-router'

/** The CRM's pages inside the shell: firms, outreach, partners and referrals, imports, monitoring. */
export const crmRoutes: RouteRecordRaw[] = [
  {
    path: 'imprese',
    name: 'firms',
    component: () => import('./pages/FirmsPage.vue'),
    meta: { action: 'crm.firms.read', titleKey: 'nav.firms', navIcon: 'pi pi-building', navOrder: 1 },
  },
  {
    path: 'imprese/:firmId(\\d+)',
    name: 'firm',
    component: () => import('./pages/FirmPage.vue'),
    props: true,
    meta: { action: 'crm.firms.read', titleKey: 'nav.firm' },
  },
  {
    path: 'segmenti',
    name: 'segments',
    component: () => import('./pages/SegmentsPage.vue'),
    meta: { action: 'crm.segments.read', titleKey: 'nav.segments', navIcon: 'pi pi-filter', navOrder: 2 },
  },
  {
    path: 'campagne',
    name: 'campaigns',
    component: () => import('./pages/CampaignsPage.vue'),
    meta: { action: 'crm.campaigns.read', titleKey: 'nav.campaigns', navIcon: 'pi pi-megaphone', navOrder: 3 },
  },
  {
    path: 'campagne/:campaignId(\\d+)',
    name: 'campaign',
    component: () => import('./pages/CampaignPage.vue'),
    props: true,
    meta: { action: 'crm.campaigns.read', titleKey: 'nav.campaign' },
  },
  {
    path: 'mailing',
    name: 'mailings',
    component: () => import('./pages/MailingsPage.vue'),
    meta: { action: 'crm.mailings.read', titleKey: 'nav.mailings', navIcon: 'pi pi-envelope', navOrder: 3.5 },
  },
  {
    path: 'mailing/nuovo',
    name: 'mailing-new',
    component: () => import('./pages/MailingPage.vue'),
    meta: { action: 'crm.mailings.send', titleKey: 'nav.mailing' },
  },
  {
    path: 'mailing/:mailingId(\\d+)',
    name: 'mailing',
    component: () => import('./pages/MailingPage.vue'),
    props: (r) => ({ mailingId: Number(r.params.mailingId) }),
    meta: { action: 'crm.mailings.read', titleKey: 'nav.mailing' },
  },
  {
    path: 'richieste-aiuto',
    name: 'help-requests',
    component: () => import('./pages/HelpRequestsPage.vue'),
    meta: { action: 'crm.help_requests', titleKey: 'firmAccess.staff.nav', navIcon: 'pi pi-question-circle', navOrder: 4.5 },
  },
  {
    path: 'segnalazioni',
    name: 'referrals',
    component: () => import('./pages/ReferralsPage.vue'),
    meta: { action: 'crm.referrals.read', titleKey: 'nav.referrals', navIcon: 'pi pi-share-alt', navOrder: 4 },
  },
  {
    path: 'partner',
    name: 'partners',
    component: () => import('./pages/PartnersPage.vue'),
    meta: { action: 'crm.partners.read', titleKey: 'nav.partners', navIcon: 'pi pi-briefcase', navOrder: 5 },
  },
  {
    path: 'importazioni',
    name: 'imports',
    component: () => import('./pages/ImportsPage.vue'),
    meta: { action: 'crm.firms.import', titleKey: 'nav.imports', navIcon: 'pi pi-upload', navOrder: 6 },
  },
  {
    path: 'duplicati',
    name: 'duplicates',
    component: () => import('./pages/DuplicatesPage.vue'),
    meta: { action: 'crm.firms.merge', titleKey: 'nav.duplicates', navIcon: 'pi pi-clone', navOrder: 7 },
  },
  {
    path: 'monitoraggio',
    name: 'monitoring',
    component: () => import('./pages/MonitoringPage.vue'),
    meta: { action: 'crm.monitoring.read', titleKey: 'nav.monitoring', navIcon: 'pi pi-chart-bar', navOrder: 8 },
  },
]

/** Pages a mailing's recipient opens without signing in: the unsubscribe confirmation. */
export const crmPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/disiscrizione',
    name: 'unsubscribe',
    component: () => import('./pages/UnsubscribePage.vue'),
    meta: { public: true, titleKey: 'nav.unsubscribe' },
  },
]
