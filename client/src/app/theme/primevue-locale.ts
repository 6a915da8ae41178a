import type { Locale } from '@pid/shared'
import type { PrimeVueConfiguration } from 'primevue/config'

type PvLocale = NonNullable<PrimeVueConfiguration['locale']>

/** PrimeVue's own strings (empty lists, aria labels): only those our components show. */
const it: Partial<PvLocale> = {
  emptyMessage: 'Nessuna opzione disponibile',
  emptyFilterMessage: 'Nessun risultato',
  emptySearchMessage: 'Nessun risultato',
  emptySelectionMessage: 'Nessun elemento selezionato',
  selectionMessage: '{0} elementi selezionati',
  searchMessage: '{0} risultati disponibili',
  passwordPrompt: 'Inserisci una password',
  weak: 'Debole',
  medium: 'Media',
  strong: 'Forte',
  aria: {
    close: 'Chiudi',
    selectAll: 'Seleziona tutti',
    unselectAll: 'Deseleziona tutti',
    // PrimeVue shows expandRow on an expanded row: a neutral name, with aria-expanded carrying the state.
    expandRow: 'Dettagli della riga',
    collapseRow: 'Dettagli della riga',
    listLabel: 'Elenco opzioni',
    trueLabel: 'Vero',
    falseLabel: 'Falso',
    nullLabel: 'Non selezionato',
  },
}

const en: Partial<PvLocale> = { aria: { expandRow: 'Row details', collapseRow: 'Row details' } }

let english: PvLocale | null = null

/** Swap PrimeVue's locale in place, remembering its English defaults on first use. */
export function applyPrimeVueLocale(config: PrimeVueConfiguration, locale: Locale): void {
  if (!config.locale) return
  // The config is a reactive proxy (structuredClone rejects it): a JSON copy of plain strings is enough.
  english ??= JSON.parse(JSON.stringify(config.locale)) as PvLocale
  const patch = locale === 'it' ? it : en
  config.locale = { ...english, ...patch, aria: { ...english.aria, ...patch.aria } }
}
