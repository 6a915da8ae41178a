import type { RouteRecordRaw } from 'vue-router'

export const outreachRoutes: RouteRecordRaw[] = [
  {
    path: 'segmenti',
    name: 'segments',
    component: () => import('../../pages/crm/SegmentsPage.vue'),
    meta: { action: 'crm.segments.read', titleKey: 'nav.segments', navIcon: 'pi pi-filter', navOrder: 2 },
  },
  {
    path: 'campagne',
    name: 'campaigns',
    component: () => import('../../pages/crm/CampaignsPage.vue'),
    meta: { action: 'crm.campaigns.read', titleKey: 'nav.campaigns', navIcon: 'pi pi-megaphone', navOrder: 3 },
  },
  {
    path: 'campagne/:campaignId(\\d+)',
    name: 'campaign',
    component: () => import('../../pages/crm/CampaignPage.vue'),
    props: true,
    meta: { action: 'crm.campaigns.read', titleKey: 'nav.campaign' },
  },
]
