/** The network module's messages (Italian, the reference catalogue): the network page (regions, chambers). */
export const it = {
  nav: {
    network: 'Rete',
  },
  network: {
    title: 'Rete',
    intro: 'Le Camere di commercio della rete e i loro Punti Impresa Digitale.',
    region: 'Filtra per regione',
    allRegions: 'Tutte le regioni',
    name: 'Camera di commercio',
    shortName: 'Sigla',
    regionCol: 'Regione',
    provinces: 'Province',
    pidName: 'PID',
    history: 'Storia',
    mergedInto: 'Confluita in: {name}',
    predecessors: "Nata dall'accorpamento di: {names}",
    includeMerged: 'Mostra anche le camere accorpate',
    activeFrom: 'dal {date}',
    empty: 'Nessuna camera trovata.',
  },
}

export type NetworkMessages = typeof it
