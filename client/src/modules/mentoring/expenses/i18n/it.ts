/** Mentoring's expenses part, under `mentoring.expenses` (and its problem codes under `problems`). */
export const it = {
  problems: {
    mentor_expense_cap_exceeded: "La spesa supera il tetto annuo di rimborso del mentor (disponibili {availableCents} centesimi).",
    mentor_expense_decided: "La spesa è già stata approvata o respinta.",
    mentor_expense_receipt_required: "Serve almeno una ricevuta per presentare la spesa.",
  },
}
