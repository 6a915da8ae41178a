/** Mentoring's expenses part, in English. */
export const en = {
  nav: { mentoringMyExpenses: 'My expenses', mentoringExpenses: "Mentors' expenses", mentoringFigures: 'Mentoring in figures' },
  work: {
    mentor_expenses_to_approve: "No mentor's expense to approve | 1 mentor's expense to approve | {n} mentors' expenses to approve",
  },
  problems: {
    mentor_expense_cap_exceeded: "The expense exceeds the mentor's yearly reimbursement cap: {availableCents} left, {neededCents} needed.",
    mentor_expense_decided: 'The expense has already been approved or rejected.',
    mentor_expense_receipt_required: 'At least one receipt is needed to claim the expense.',
  },
  mentoring: {
    expenses: {
      year: 'Year',
      mine: {
        title: 'My expenses',
        intro: 'Mentoring is free: documented expenses (travel, accommodation, materials) are reimbursed up to the programme\'s yearly cap.',
        approved: 'Approved', claimed: 'Waiting', cap: 'Yearly cap', room: 'Still available',
        new: 'New expense', date: 'Date', category: 'Category', description: 'Description', amount: 'Amount (€)', match: 'Match (optional)',
        noMatch: 'No match', receipts: 'Receipts (PDF, JPEG or PNG, at most 4 MB each)', send: 'Send the expense', sent: 'Expense sent',
        overRoom: 'The amount exceeds what is left of the cap ({room}): you may send it, but it is approved only within the cap.',
        list: 'Expenses claimed', none: 'No expense this year.', status: 'Status', reason: 'Reason', receipt: 'Receipt {n}',
        chosen: '{n} files chosen', tooBig: 'The file {name} exceeds 4 MB.', amountInvalid: 'Give an amount above zero.',
      },
      staff: {
        title: "Mentors' expenses",
        intro: "Expenses claimed by mentors and paid by this PID: approved within the mentor's yearly cap, they are spent on the budget's 'mentoring' line.",
        show: 'Show', filters: { claimed: 'To approve', approved: 'Approved', rejected: 'Rejected', all: 'All' },
        mentor: 'Mentor', firm: 'Firm', room: 'Available', actions: 'Actions', approve: 'Approve', reject: 'Reject',
        approved: 'Expense approved', rejected: 'Expense rejected', none: 'No expense to show.',
        rejectTitle: 'Reject the expense', reason: 'Reason for rejecting', reasonHelp: 'The mentor reads the reason.', cancel: 'Cancel',
        budget: "Budget line 'mentoring' {year}", planned: 'Planned', spent: 'Spent', available: 'Available', noBudget: "The {year} plan has no 'mentoring' line.",
        openBudget: 'Open the budget',
        programme: 'Yearly cap per mentor', programmeHelp: "Applies to this PID's mentors in the chosen year.", capLabel: 'Cap per mentor (€)',
        save: 'Save the cap', saved: 'Cap saved', defaultCap: 'Default value: not saved yet for this year.',
        export: 'Export', csv: 'CSV', xlsx: 'Excel',
      },
      figures: {
        title: 'Mentoring in figures',
        intro: 'Mentoring in figures: aggregates only, no personal data.',
        scope: 'Scope', scopeChamber: '{name}', scopeRegion: 'Region {name}', chamber: 'PID', total: 'Total',
        mentorsActive: 'Active mentors', pairsActive: 'Active pairs', pairsClosed: 'Closed pairs', sessions: 'Sessions', hours: 'Hours',
        satisfactionFirm: 'Firms\' satisfaction', satisfactionMentor: 'Mentors\' satisfaction', medianDays: 'Median days to match',
        maturity: 'Maturity change', maturityFirms: 'Firms assessed again', approved: 'Expenses approved', claimed: 'Expenses waiting',
        budgetPlanned: 'Mentoring budget planned', budgetSpent: 'Mentoring budget spent', byOutcome: 'Closed pairs by outcome',
        exportCsv: 'Export CSV', exportXlsx: 'Export Excel',
      },
    },
  },
}
