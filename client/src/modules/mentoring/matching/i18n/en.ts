/** Mentoring's matching part, in English. */
export const en = {
  problems: {
    mentor_not_active: "The mentor is not active and cannot be matched.",
    mentor_code_not_accepted: "The mentor has not yet accepted the current version of the code of conduct.",
    mentor_conflict_of_interest: "The mentor declared a conflict of interest with this firm.",
    mentor_at_capacity: "The mentor already follows as many firms as they can.",
    mentoring_request_not_open: "The request is no longer open.",
    mentoring_match_not_proposed: "The match is no longer waiting for an answer.",
    mentoring_slot_taken: "The slot has already been booked.",
    mentoring_request_duplicate: "The firm already has an open request in this area.",
    mentoring_match_live: "The request already has a proposed or matched mentor.",
    mentoring_mentor_busy: "The mentor is already in another slot at that time.",
    mentoring_request_matched: "The request is already matched with a mentor.",
  },
}
