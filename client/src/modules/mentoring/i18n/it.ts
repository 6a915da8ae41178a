/** Mentoring's words shared by its parts (each part adds its own under `mentoring.<part>`). */
export const it = {
  mentoring: {
    modes: { in_person: 'In presenza', web: 'Web mentoring' },
    areas: {
      strategy: 'Strategia digitale', readiness: 'Prontezza digitale', human: 'Persone e competenze', data: 'Gestione dei dati',
      automation: 'Automazione e intelligenza artificiale', green: 'Digitale sostenibile', egov: 'E-government', security: 'Cybersicurezza',
      advanced_manufacturing: 'Manifattura avanzata', additive_manufacturing: 'Manifattura additiva', augmented_reality: 'Realtà aumentata',
      simulation: 'Simulazione', horizontal_vertical_integration: 'Integrazione orizzontale e verticale', industrial_iot: 'Internet delle cose industriale',
      cloud: 'Cloud', cybersecurity: 'Sicurezza informatica', big_data_analytics: 'Big data e analisi', ecommerce: 'Commercio elettronico',
      digital_marketing: 'Marketing digitale',
    },
    languages: { it: 'Italiano', en: 'Inglese', de: 'Tedesco', fr: 'Francese', es: 'Spagnolo', sl: 'Sloveno', ar: 'Arabo', zh: 'Cinese', ro: 'Rumeno', sq: 'Albanese' },
    mentorStatuses: { applied: 'Candidato', selected: 'Selezionato', active: 'Attivo', suspended: 'Sospeso', retired: 'Ritirato', rejected: 'Non selezionato' },
    matchStatuses: { proposed: 'Proposto', accepted: 'Accettato', declined: 'Rifiutato', withdrawn: 'Ritirato', closed: 'Concluso' },
    requestStatuses: { open: 'Aperta', matched: 'Abbinata', closed: 'Chiusa', withdrawn: 'Ritirata' },
    requestSources: { firm: "Dall'impresa", staff: 'Dal PID', assessment_plan: "Dal piano dell'autovalutazione" },
    outcomes: { goals_met: 'Obiettivi raggiunti', partly_met: 'Obiettivi raggiunti in parte', not_met: 'Obiettivi non raggiunti', discontinued: 'Interrotto' },
    expenseCategories: { travel: 'Viaggio', accommodation: 'Alloggio', meals: 'Vitto', materials: 'Materiali', other: 'Altro' },
    expenseStatuses: { claimed: 'Da approvare', approved: 'Approvata', rejected: 'Respinta' },
    firm: { accessLabel: 'Mentoring' },
  },
}
