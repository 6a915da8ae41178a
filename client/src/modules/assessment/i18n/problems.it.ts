/**
 * The assessment module's problems, under `problems.`: what the server refuses (shared PROBLEM_CODES)
 * and the questionnaire checks by code (shared QUESTIONNAIRE_CHECK_CODES, `problems.fields.<code>`),
 * the same checks the editor runs as it is typed. Their parameters come already worded.
 */
export const problemsIt = {
  assessment_already_submitted: 'Questa autovalutazione è già stata inviata: le risposte non possono più cambiare.',
  assessment_unanswered: 'Domande obbligatorie ancora senza risposta: {count}.',
  questionnaire_read_only: 'I questionari della rete non si modificano qui: crea una bozza per la camera.',
  questionnaire_frozen: 'Questa versione è pubblicata e non cambia più: crea una nuova bozza per modificarla.',
  public_start_challenge_failed: 'La verifica anti-abuso non è riuscita o è scaduta: invii di nuovo il modulo.',
  public_start_link_used: 'Questo link di conferma è già stato usato. Apra il link personale che le abbiamo inviato per email.',
  public_start_link_expired: "Questo link di conferma è scaduto: ricominci dalla pagina dell'autovalutazione.",
  public_start_link_invalid: 'Questo link di conferma non è valido: controlli di averlo copiato per intero.',
  fields: {
    unknown_municipality: 'Comune non trovato: lo scelga dall\'elenco',
    dimension_key_twice: 'Chiave di dimensione «{key}» ripetuta',
    no_weighted_dimension: 'Almeno una dimensione deve avere un peso maggiore di 0',
    question_id_twice: 'Identificativo di domanda «{id}» ripetuto',
    unknown_dimension: 'La dimensione «{dimension}» non esiste',
    options_needed: 'Una domanda di tipo «{questionKind}» ha bisogno di opzioni',
    options_not_allowed: 'Una domanda di tipo «{questionKind}» non ha opzioni',
    bands_needed: 'Una domanda numerica ha bisogno delle fasce di punteggio',
    bands_not_allowed: 'Solo le domande numeriche hanno fasce di punteggio',
    max_points_not_allowed: 'Solo le domande a scelta multipla hanno un punteggio massimo',
    option_key_twice: 'Chiave di opzione «{key}» ripetuta',
    text_not_scored: 'Le risposte a testo libero non danno punti: usa peso 0',
    no_points: 'Una domanda con peso ha bisogno di almeno una risposta che valga punti',
    condition_not_earlier: 'La condizione deve riferirsi a una domanda precedente',
    condition_empty: 'Indica le opzioni o il valore minimo della condizione',
    condition_unknown_option: '«{option}» non è un\'opzione della domanda «{question}»',
    condition_at_least_kind: 'Il valore minimo vale solo per domande a scala o numeriche',
    dimension_unscored: 'La dimensione «{dimension}» ha bisogno di almeno una domanda con peso sempre visibile',
    levels_not_sequential: 'I livelli vanno da 1 a 5, una volta ciascuno',
    level_one_not_zero: 'Il livello 1 parte da 0',
    levels_not_rising: 'Ogni livello deve partire più in alto del precedente',
    answer_no_question: 'Il questionario non ha questa domanda',
    answer_not_valid: 'Risposta non valida per una domanda di tipo «{questionKind}»',
  },
  vocab: {
    questionKind: { single: 'Scelta singola', multi: 'Scelta multipla', scale: 'Scala 0-5', yes_no: 'Sì / in parte / no', number: 'Numero', text: 'Testo libero' },
  },
}
