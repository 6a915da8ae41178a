/** Mentoring's engagement part, in English. */
export const en = {
  problems: {
    mentoring_match_not_accepted: "The mentor has not accepted the match.",
    mentoring_agreement_missing: "There is no mentoring agreement yet: agree it first.",
    mentoring_agreement_not_in_force: "Both sides have not yet accepted the mentoring agreement.",
    mentoring_agreement_locked: "The agreement has been accepted and can no longer be changed.",
    mentoring_match_closed: "The mentoring has been closed.",
    mentoring_feedback_given: "The feedback has already been given.",
  },
}
