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
  crm: {
    vocab: vocabIt, ...firmsIt, ...outreachIt,
    // The firm picker other modules use (components/FirmPicker.vue).
    firmPicker: {
      firmSearch: "Cerca l'impresa per nome o codice fiscale", firmSearchButton: 'Cerca', firmChosen: 'Impresa scelta: {name}',
      firmNone: 'Nessuna impresa scelta', firmRemove: "Togli l'impresa", firmNoResults: 'Nessuna impresa trovata.', firmResults: 'Imprese trovate',
      firmChoose: 'Scegli {name} ({code})',
    },
  },
}

export type CrmMessages = typeof it
