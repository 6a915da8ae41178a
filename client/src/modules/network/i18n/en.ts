import type { NetworkMessages } from './it'

/** The network module's messages in English: same shape as the Italian catalogue. */
export const en: NetworkMessages = {
  nav: {
    network: 'Network',
  },
  network: {
    title: 'Network',
    intro: 'The chambers of commerce of the network and their Punti Impresa Digitale.',
    region: 'Filter by region',
    allRegions: 'All regions',
    name: 'Chamber of commerce',
    shortName: 'Short name',
    regionCol: 'Region',
    provinces: 'Provinces',
    pidName: 'PID',
    history: 'History',
    mergedInto: 'Merged into: {name}',
    predecessors: 'Formed by merging: {names}',
    includeMerged: 'Also show merged chambers',
    activeFrom: 'since {date}',
    empty: 'No chambers found.',
  },
}
