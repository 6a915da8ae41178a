import { defineAsyncComponent } from 'vue'
import type { MentoringPart } from '../part'
import { registerFirmTab } from '../../crm'
import { matchingRoutes } from './routes'
import { it } from './i18n/it'
import { en } from './i18n/en'

export { firmMatchingApi } from './api'
/** The firm's "ask for a mentor" form and list, for the firm's mentoring page (engagement part) to embed. */
export const FirmMentoringRequest = defineAsyncComponent(() => import('./components/FirmMentoringRequest.vue'))
/** The firm's speed-mentoring slots (book a free one, cancel its own), for the same page. */
export const FirmMentoringSlots = defineAsyncComponent(() => import('./components/FirmMentoringSlots.vue'))

/** Mentoring's matching part: requests, explained suggestions, proposals, speed-mentoring days. */
export const matchingPart: MentoringPart = { routes: matchingRoutes, messages: { it, en } }

// The CRM firm page's tab: the firm's mentoring requests.
registerFirmTab({
  key: 'mentoring', labelKey: 'mentoring.matching.tab.label', order: 70, action: 'mentoring.read',
  component: defineAsyncComponent(() => import('./components/FirmMentoringTab.vue')),
})
