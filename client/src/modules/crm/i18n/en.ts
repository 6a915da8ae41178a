import type { CrmMessages } from './it'
import { vocabEn } from './vocab.en'
import { firmsEn } from './firms.en'
import { outreachEn } from './outreach.en'

/** The CRM's messages in English: same shape as the Italian catalogue. */
export const en: CrmMessages = {
  nav: {
    firms: 'Businesses',
    firm: 'Business',
    segments: 'Segments',
    campaigns: 'Campaigns',
    campaign: 'Campaign',
    referrals: 'Referrals',
    partners: 'Partners',
    imports: 'Imports',
    duplicates: 'Duplicates',
    monitoring: 'Monitoring',
  },
  crm: {
    vocab: vocabEn, ...firmsEn, ...outreachEn,
    firmPicker: {
      firmSearch: 'Search the firm by name or tax code', firmSearchButton: 'Search', firmChosen: 'Firm chosen: {name}',
      firmNone: 'No firm chosen', firmRemove: 'Remove the firm', firmNoResults: 'No firm found.', firmResults: 'Firms found',
      firmChoose: 'Choose {name} ({code})',
    },
  },
}
