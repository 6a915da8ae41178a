/** Mentoring's matching part, under `mentoring.matching` (and its problem codes under `problems`). */
export const it = {
  problems: {
    mentor_not_active: "Il mentor non è attivo: non può essere abbinato.",
    mentor_code_not_accepted: "Il mentor non ha ancora accettato la versione in vigore del codice di condotta.",
    mentor_conflict_of_interest: "Il mentor ha dichiarato un conflitto d'interessi con questa impresa.",
    mentor_at_capacity: "Il mentor segue già il numero massimo di imprese.",
    mentoring_request_not_open: "La richiesta non è più aperta.",
    mentoring_match_not_proposed: "L'abbinamento non è più in attesa di risposta.",
    mentoring_slot_taken: "Il turno è già stato prenotato.",
    mentoring_request_duplicate: "L'impresa ha già una richiesta aperta in quest'area.",
    mentoring_match_live: "La richiesta ha già un mentor proposto o abbinato.",
    mentoring_mentor_busy: "Il mentor è già impegnato in un altro turno a quell'ora.",
    mentoring_request_matched: "La richiesta è già abbinata a un mentor.",
  },
}
