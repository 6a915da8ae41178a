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
    expandRow: 'Espandi riga',
    collapseRow: 'Comprimi riga',
    listLabel: 'Elenco opzioni',
    trueLabel: 'Vero',
    falseLabel: 'Falso',
    nullLabel: 'Non selezionato',
  },
}

let english: PvLocale | null = null

/** Swap PrimeVue's locale in place, remembering its English defaults on first use. */
export function applyPrimeVueLocale(config: PrimeVueConfiguration, locale: Locale): void {
  if (!config.locale) return
  english ??= structuredClone({ ...config.locale, aria: { ...config.locale.aria } })
  const patch = locale === 'it' ? it : {}
  config.locale = { ...english, ...patch, aria: { ...english.aria, ...patch.aria } }
}
