import { vocabIt } from './vocab.it'
import { firmsIt } from './firms.it'
import { outreachIt } from './outreach.it'

/** The CRM's messages (Italian, the reference catalogue): its navigation labels and everything under `crm.`. */
export const it = {
  nav: {
    firms: 'Imprese',
    firm: 'Impresa',
    segments: 'Segmenti',
    campaigns: 'Campagne',
    campaign: 'Campagna',
    referrals: 'Segnalazioni',
    partners: 'Partner',
    imports: 'Importazioni',
    duplicates: 'Duplicati',
    monitoring: 'Monitoraggio',
  },
  crm: { vocab: vocabIt, ...firmsIt, ...outreachIt },
}

export type CrmMessages = typeof it
