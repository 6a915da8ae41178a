import type { CrmMessages } from './it'
import { vocabEn } from './vocab.en'
import { firmsEn } from './firms.en'
import { outreachEn } from './outreach.en'
import { mailingsEn } from './mailings.en'

/** The CRM's messages in English: same shape as the Italian catalogue. */
export const en: CrmMessages = {
  nav: {
    firms: 'Businesses',
    firm: 'Business',
    segments: 'Segments',
    campaigns: 'Campaigns',
    campaign: 'Campaign',
    mailings: 'Mailings',
    mailing: 'Mailing',
    unsubscribe: 'Unsubscribe',
    referrals: 'Referrals',
    partners: 'Partners',
    imports: 'Imports',
    duplicates: 'Duplicates',
    monitoring: 'Monitoring',
  },
  problems: {
    mailing_no_recipients: 'Nobody in the segment consents to this purpose now: the mailing cannot start.',
    fields: {
      mailing_unknown_fields: 'Unknown fields: {fields}',
      mailing_template_syntax: 'The template is not well formed (unclosed double braces, or parts not allowed)',
    },
  },
  crm: {
    vocab: vocabEn, ...firmsEn, ...outreachEn, ...mailingsEn,
    firmPicker: {
      firmSearch: 'Search the firm by name or tax code', firmSearchButton: 'Search', firmChosen: 'Firm chosen: {name}',
      firmNone: 'No firm chosen', firmRemove: 'Remove the firm', firmNoResults: 'No firm found.', firmResults: 'Firms found',
      firmChoose: 'Choose {name} ({code})',
    },
  },
}
