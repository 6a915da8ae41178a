/** Mentoring's expenses part, in English. */
export const en = {
  problems: {
    mentor_expense_cap_exceeded: "The expense exceeds the mentor's yearly reimbursement cap ({availableCents} cents available).",
    mentor_expense_decided: "The expense has already been approved or rejected.",
    mentor_expense_receipt_required: "At least one receipt is needed to claim the expense.",
  },
}
