import { defineAsyncComponent, type Component } from 'vue'
import type { Action, Firm } from '@pid/shared'

/**
 * The firm page's tabs. Later modules (assessment, vouchers, mentoring) add theirs with
 * `registerFirmTab` from their own entry file; each tab component receives the props below and
 * may emit `refresh` when it changed the firm (stage, counts) so the header reloads.
 */
export interface FirmTabProps {
  firm: Firm
  chamberId: number
}

export interface FirmTab {
  /** Stable key, also the `?tab=` value in the address. */
  key: string
  /** i18n key of the label. */
  labelKey: string
  /** Shown only when the current chamber allows it. */
  action?: Action
  order: number
  component: Component
}

const tabs: FirmTab[] = []

export function registerFirmTab(tab: FirmTab): void {
  const i = tabs.findIndex((t) => t.key === tab.key)
  if (i >= 0) tabs.splice(i, 1, tab)
  else tabs.push(tab)
}

export function firmTabs(): readonly FirmTab[] {
  return [...tabs].sort((a, b) => a.order - b.order)
}

registerFirmTab({ key: 'profilo', labelKey: 'crm.firm.tabs.profile', order: 10, component: defineAsyncComponent(() => import('./components/tabs/FirmProfileTab.vue')) })
registerFirmTab({ key: 'contatti', labelKey: 'crm.firm.tabs.contacts', order: 20, action: 'crm.contacts.read', component: defineAsyncComponent(() => import('./components/tabs/FirmContactsTab.vue')) })
registerFirmTab({ key: 'cronologia', labelKey: 'crm.firm.tabs.timeline', order: 30, action: 'crm.timeline.read', component: defineAsyncComponent(() => import('./components/tabs/FirmTimelineTab.vue')) })
registerFirmTab({ key: 'percorso', labelKey: 'crm.firm.tabs.path', order: 40, action: 'crm.timeline.read', component: defineAsyncComponent(() => import('./components/tabs/FirmPathTab.vue')) })
registerFirmTab({ key: 'segnalazioni', labelKey: 'crm.firm.tabs.referrals', order: 50, action: 'crm.referrals.read', component: defineAsyncComponent(() => import('./components/tabs/FirmReferralsTab.vue')) })
