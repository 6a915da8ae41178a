/** Mentoring's mentors part, under `mentoring.mentors` (and its problem codes under `problems`). */
export const it = {
  problems: {
    mentor_email_taken: "C'è già un mentor con questo indirizzo email.",
    mentor_status_transition: "Il mentor non può passare a questo stato dallo stato attuale.",
    mentor_account_invalid: "L'account indicato non può essere collegato al mentor: deve avere il ruolo Mentor digitale e non essere collegato a un altro mentor.",
  },
}
