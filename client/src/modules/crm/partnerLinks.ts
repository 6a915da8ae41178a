import type { RouteLocationRaw } from 'vue-router'
import type { Action } from '@pid/shared'

/**
 * Links from a partner organisation's row on the Partners page to what other modules keep about it
 * (partner-api: its API clients). Each module registers its own from its entry file, like the firm
 * page's tabs, so the CRM needs to know nothing of them.
 */
export interface PartnerLink {
  /** Stable key (the Vue key of the link). */
  key: string
  /** i18n key of the visible label. */
  labelKey: string
  /** i18n key of the accessible name, with `{name}` the organisation's name (the label alone is the same on every row). */
  ariaLabelKey: string
  /** Shown only when the current chamber allows it. */
  action?: Action
  /** Where it leads for one organisation. */
  to: (partnerId: number) => RouteLocationRaw
}

const links: PartnerLink[] = []

export function registerPartnerLink(link: PartnerLink): void {
  const i = links.findIndex((l) => l.key === link.key)
  if (i >= 0) links.splice(i, 1, link)
  else links.push(link)
}

export function partnerLinks(): readonly PartnerLink[] {
  return links
}
