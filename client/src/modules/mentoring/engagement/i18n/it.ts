/** Mentoring's engagement part, under `mentoring.engagement` (and its problem codes under `problems`). */
export const it = {
  problems: {
    mentoring_match_not_accepted: "L'abbinamento non è stato accettato dal mentor.",
    mentoring_agreement_missing: "Manca l'accordo di mentoring: va concordato prima.",
    mentoring_agreement_not_in_force: "L'accordo di mentoring non è ancora stato accettato da entrambe le parti.",
    mentoring_agreement_locked: "L'accordo è già stato accettato: non si può più modificare.",
    mentoring_match_closed: "Il percorso di mentoring è concluso.",
    mentoring_feedback_given: "La valutazione è già stata data.",
  },
}
