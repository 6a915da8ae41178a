import { Type, type Static } from 'typebox'
import { Id, Nullable, Timestamp, UploadFileName } from '../common.ts'
import { EXPENSE_CATEGORIES, EXPENSE_STATUSES, MATCH_OUTCOMES } from './vocab.ts'

/**
 * Schemas of mentoring's expenses part (routes in server/src/modules/mentoring/expenses): the
 * programme's cap per mentor per year, the mentor's documented claims with their receipts, the
 * staff's approval (spent on the budget's 'mentoring' line), the figures per PID and per region.
 */

/** A receipt's size limit (each) and how many a claim carries at most. */
export const EXPENSE_RECEIPT_MAX_BYTES = 4 * 1024 * 1024
export const EXPENSE_RECEIPTS_MAX = 4
export const EXPENSE_RECEIPT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
/** The claim's JSON body carries its receipts in base64: room for all of them and the rest. */
export const EXPENSE_CLAIM_BODY_LIMIT = Math.ceil((EXPENSE_RECEIPT_MAX_BYTES * EXPENSE_RECEIPTS_MAX * 4) / 3) + 64 * 1024

const Year = Type.Integer({ minimum: 2000, maximum: 2100 })
const Cents = Type.Integer({ minimum: 0 })

export const MentoringProgrammeParams = Type.Object({ chamberId: Id, year: Year }, { additionalProperties: false })
export const MentoringProgramme = Type.Object({
  chamberId: Id,
  year: Type.Integer(),
  expenseCapCents: Type.Integer(),
  /** false: no row for that year, the default cap applies */
  saved: Type.Boolean(),
  updatedAt: Nullable(Timestamp),
})
export type MentoringProgramme = Static<typeof MentoringProgramme>
export const MentoringProgrammeBody = Type.Object({
  expenseCapCents: Type.Integer({ minimum: 100, maximum: 100_000_000 }),
}, { additionalProperties: false })

export const ExpenseReceiptUpload = Type.Object({
  fileName: UploadFileName,
  /** the file's bytes in base64; the type is read from the content (PDF, JPEG or PNG) */
  contentBase64: Type.String({ minLength: 1, maxLength: Math.ceil((EXPENSE_RECEIPT_MAX_BYTES * 4) / 3) + 4 }),
}, { additionalProperties: false })

export const ExpenseClaimBody = Type.Object({
  spentOn: Type.String({ format: 'date' }),
  category: Type.Enum(EXPENSE_CATEGORIES),
  description: Type.String({ minLength: 1, maxLength: 500 }),
  amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  matchId: Type.Optional(Nullable(Id)),
  receipts: Type.Array(ExpenseReceiptUpload, { maxItems: EXPENSE_RECEIPTS_MAX }),
}, { additionalProperties: false })
export type ExpenseClaimBody = Static<typeof ExpenseClaimBody>

export const ExpenseReceipt = Type.Object({ id: Id, fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer() })

export const MentorExpense = Type.Object({
  id: Id,
  mentorId: Id,
  mentorName: Type.String(),
  chamberId: Id,
  chamberName: Type.String(),
  matchId: Nullable(Id),
  firmName: Nullable(Type.String()),
  year: Type.Integer(),
  spentOn: Type.String({ format: 'date' }),
  category: Type.Enum(EXPENSE_CATEGORIES),
  description: Type.String(),
  amountCents: Type.Integer(),
  status: Type.Enum(EXPENSE_STATUSES),
  decidedAt: Nullable(Timestamp),
  rejectReason: Nullable(Type.String()),
  createdAt: Timestamp,
  receipts: Type.Array(ExpenseReceipt),
  /** the mentor's room under the cap of that year (cap - approved) when the claim is still to decide */
  roomCents: Type.Integer(),
})
export type MentorExpense = Static<typeof MentorExpense>

/** A mentor's year: what was approved, the cap, the room left. */
export const ExpenseYearTotals = Type.Object({ year: Type.Integer(), approvedCents: Cents, claimedCents: Cents, capCents: Cents, roomCents: Cents })
export type ExpenseYearTotals = Static<typeof ExpenseYearTotals>

export const MyExpensesQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false })
export const MyExpenses = Type.Object({
  items: Type.Array(MentorExpense),
  totals: ExpenseYearTotals,
  /** the mentor's matches an expense may name (accepted or closed) */
  matches: Type.Array(Type.Object({ id: Id, firmName: Type.String(), chamberName: Type.String() })),
})
export type MyExpenses = Static<typeof MyExpenses>

export const MyExpenseParams = Type.Object({ expenseId: Id }, { additionalProperties: false })
export const MyReceiptParams = Type.Object({ expenseId: Id, receiptId: Id }, { additionalProperties: false })
export const ChamberExpenseParams = Type.Object({ chamberId: Id, expenseId: Id }, { additionalProperties: false })
export const ChamberReceiptParams = Type.Object({ chamberId: Id, expenseId: Id, receiptId: Id }, { additionalProperties: false })

export const ChamberExpensesQuery = Type.Object({
  status: Type.Optional(Type.Enum(EXPENSE_STATUSES)),
  year: Type.Optional(Year),
}, { additionalProperties: false })
export const ChamberExpenses = Type.Object({
  items: Type.Array(MentorExpense),
  /** the 'mentoring' line of the chamber's plan of that year (null: no such line) */
  budgetLine: Nullable(Type.Object({ year: Type.Integer(), plannedCents: Type.Integer(), committedCents: Type.Integer(), spentCents: Type.Integer() })),
  year: Type.Integer(),
})
export type ChamberExpenses = Static<typeof ChamberExpenses>
export const ExpenseExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
  year: Type.Optional(Year),
  status: Type.Optional(Type.Enum(EXPENSE_STATUSES)),
}, { additionalProperties: false })

export const RejectExpenseBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false })

// Figures: aggregates only, never a person.
export const MentoringFiguresQuery = Type.Object({ year: Year }, { additionalProperties: false })
export const MentoringFiguresExportQuery = Type.Object({ year: Year, format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) },
  { additionalProperties: false })
export const MentoringRegionParams = Type.Object({ regionCode: Type.String({ pattern: '^\\d{2}$' }) }, { additionalProperties: false })

export const MentoringYearFigures = Type.Object({
  mentorsActive: Type.Integer(),
  pairsActive: Type.Integer(),
  pairsClosed: Type.Integer(),
  closedByOutcome: Type.Record(Type.Enum(MATCH_OUTCOMES), Type.Integer()),
  sessions: Type.Integer(),
  hours: Type.Number(),
  /** mean feedback rating (1-5) by side; null without feedback */
  satisfactionFirm: Nullable(Type.Number()),
  satisfactionMentor: Nullable(Type.Number()),
  /** median days from a request to its match; null when none was matched */
  medianDaysToMatch: Nullable(Type.Number()),
  /** mean change of the overall maturity score (latest - T0) of mentored firms assessed again */
  maturityChange: Nullable(Type.Number()),
  maturityFirms: Type.Integer(),
  expensesApprovedCents: Type.Integer(),
  expensesClaimedCents: Type.Integer(),
  /** the sum of the caps of the mentors with approved expenses (their room is the difference) */
  expensesCapCents: Type.Integer(),
  budgetPlannedCents: Nullable(Type.Integer()),
  budgetSpentCents: Nullable(Type.Integer()),
})
export type MentoringYearFigures = Static<typeof MentoringYearFigures>

export const MentoringPidFigures = Type.Object({ year: Type.Integer(), chamberId: Id, chamberName: Type.String(), figures: MentoringYearFigures })
export type MentoringPidFigures = Static<typeof MentoringPidFigures>
export const MentoringRegionFigures = Type.Object({
  year: Type.Integer(),
  regionCode: Type.String(),
  total: MentoringYearFigures,
  chambers: Type.Array(Type.Object({ chamberId: Id, name: Type.String(), figures: MentoringYearFigures })),
})
export type MentoringRegionFigures = Static<typeof MentoringRegionFigures>
