import { vocabIt } from './vocab.it'
import { firmsIt } from './firms.it'
import { outreachIt } from './outreach.it'
import { mailingsIt } from './mailings.it'

/** The CRM's messages (Italian, the reference catalogue): its navigation labels and everything under `crm.`. */
export const it = {
  nav: {
    firms: 'Imprese',
    firm: 'Impresa',
    segments: 'Segmenti',
    campaigns: 'Campagne',
    campaign: 'Campagna',
    mailings: 'Mailing',
    mailing: 'Mailing',
    unsubscribe: 'Disiscrizione',
    referrals: 'Segnalazioni',
    partners: 'Partner',
    imports: 'Importazioni',
    duplicates: 'Duplicati',
    monitoring: 'Monitoraggio',
  },
  problems: {
    mailing_no_recipients: 'Nessuna persona del segmento ha ora il consenso per questo scopo: il mailing non può partire.',
    fields: {
      mailing_unknown_fields: 'Campi sconosciuti: {fields}',
      mailing_template_syntax: 'Il modello non è scritto correttamente (doppie graffe non chiuse, o parti non ammesse)',
    },
  },
  crm: {
    vocab: vocabIt, ...firmsIt, ...outreachIt, ...mailingsIt,
    // The firm picker other modules use (components/FirmPicker.vue).
    firmPicker: {
      firmSearch: "Cerca l'impresa per nome o codice fiscale", firmSearchButton: 'Cerca', firmChosen: 'Impresa scelta: {name}',
      firmNone: 'Nessuna impresa scelta', firmRemove: "Togli l'impresa", firmNoResults: 'Nessuna impresa trovata.', firmResults: 'Imprese trovate',
      firmChoose: 'Scegli {name} ({code})',
    },
  },
}

export type CrmMessages = typeof it
