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
    path: 'richieste-aiuto',
    name: 'help-requests',
    component: () => import('./pages/HelpRequestsPage.vue'),
    meta: { action: 'crm.help_requests', titleKey: 'firmAccess.staff.nav', navIcon: 'pi pi-question-circle', navOrder: 5 },
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
