/** Mentoring's expenses part, under `mentoring.expenses` (and its problem codes under `problems`). */
export const it = {
  nav: { mentoringMyExpenses: 'Le mie spese', mentoringExpenses: 'Spese dei mentor', mentoringFigures: 'Cifre del mentoring' },
  work: {
    mentor_expenses_to_approve: 'Nessuna spesa dei mentor da approvare | 1 spesa di un mentor da approvare | {n} spese dei mentor da approvare',
  },
  problems: {
    mentor_expense_cap_exceeded: 'La spesa supera il tetto annuo di rimborso del mentor: restano {availableCents}, ne servono {neededCents}.',
    mentor_expense_decided: 'La spesa è già stata approvata o respinta.',
    mentor_expense_receipt_required: 'Serve almeno una ricevuta per presentare la spesa.',
  },
  mentoring: {
    expenses: {
      year: 'Anno',
      mine: {
        title: 'Le mie spese',
        intro: "Il mentoring è gratuito: le spese documentate (viaggi, alloggio, materiali) sono rimborsate fino al tetto annuo del programma.",
        approved: 'Approvate', claimed: 'In attesa', cap: 'Tetto annuo', room: 'Ancora disponibili',
        new: 'Nuova spesa', date: 'Data', category: 'Categoria', description: 'Descrizione', amount: 'Importo (€)', match: 'Abbinamento (facoltativo)',
        noMatch: 'Nessun abbinamento', receipts: 'Ricevute (PDF, JPEG o PNG, max 4 MB ciascuna)', send: 'Invia la spesa', sent: 'Spesa inviata',
        overRoom: "L'importo supera quanto resta del tetto ({room}): la spesa può essere inviata, ma sarà approvata solo nei limiti del tetto.",
        list: 'Spese presentate', none: "Nessuna spesa per quest'anno.", status: 'Stato', reason: 'Motivo', receipt: 'Ricevuta {n}',
        chosen: '{n} file scelti', tooBig: 'Il file {name} supera 4 MB.', amountInvalid: 'Indica un importo maggiore di zero.',
      },
      staff: {
        title: 'Spese dei mentor',
        intro: "Le spese presentate dai mentor e pagate da questo PID: approvate entro il tetto annuo del mentor, sono spese sulla voce 'mentoring' del budget.",
        show: 'Mostra', filters: { claimed: 'Da approvare', approved: 'Approvate', rejected: 'Respinte', all: 'Tutte' },
        mentor: 'Mentor', firm: 'Impresa', room: 'Disponibile', actions: 'Azioni', approve: 'Approva', reject: 'Respingi',
        approved: 'Spesa approvata', rejected: 'Spesa respinta', none: 'Nessuna spesa da mostrare.',
        rejectTitle: 'Respingi la spesa', reason: 'Motivo del rifiuto', reasonHelp: 'Il mentor legge il motivo.', cancel: 'Annulla',
        budget: "Voce 'mentoring' del budget {year}", planned: 'Prevista', spent: 'Spesa', available: 'Disponibile', noBudget: "Il piano {year} non ha una voce 'mentoring'.",
        openBudget: 'Apri il budget',
        programme: 'Tetto annuo per mentor', programmeHelp: "Vale per i mentor di questo PID nell'anno scelto.", capLabel: 'Tetto per mentor (€)',
        save: 'Salva il tetto', saved: 'Tetto salvato', defaultCap: 'Valore predefinito: non ancora salvato per questo anno.',
        export: 'Esporta', csv: 'CSV', xlsx: 'Excel',
      },
      figures: {
        title: 'Cifre del mentoring',
        intro: 'Il mentoring in cifre: solo dati aggregati, nessun dato personale.',
        scope: 'Ambito', scopeChamber: '{name}', scopeRegion: 'Regione {name}', chamber: 'PID', total: 'Totale',
        mentorsActive: 'Mentor attivi', pairsActive: 'Coppie attive', pairsClosed: 'Coppie concluse', sessions: 'Sessioni', hours: 'Ore',
        satisfactionFirm: 'Soddisfazione imprese', satisfactionMentor: 'Soddisfazione mentor', medianDays: "Giorni mediani per l'abbinamento",
        maturity: 'Variazione maturità', maturityFirms: 'Imprese rivalutate', approved: 'Spese approvate', claimed: 'Spese in attesa',
        budgetPlanned: 'Budget mentoring previsto', budgetSpent: 'Budget mentoring speso', byOutcome: 'Coppie concluse per esito',
        exportCsv: 'Esporta CSV', exportXlsx: 'Esporta Excel',
      },
    },
  },
}
