/** Mentoring's mentors part, in English. */
export const en = {
  problems: {
    mentor_email_taken: "A mentor with this e-mail address already exists.",
    mentor_status_transition: "The mentor cannot move to this status from the current one.",
    mentor_account_invalid: "That account cannot be linked to the mentor: it must hold the digital mentor role and not be linked to another mentor.",
  },
}
