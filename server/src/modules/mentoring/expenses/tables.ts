import type { Generated } from 'kysely'
import type { DateString, Defaulted, NullableTimestamp, Timestamp } from '../../../db/column-types.ts'

/** Mentors' expense claims, their receipts and each mentor's approved total per year (migration 0044). */
export interface MentorExpenseTable {
  id: Generated<number>
  mentor_id: number
  chamber_id: number
  match_id: number | null
  year: number
  spent_on: DateString
  category: string
  description: string
  amount_cents: number
  status: Defaulted<string>
  decided_by: number | null
  decided_at: NullableTimestamp
  reject_reason: string | null
  created_at: Timestamp
}

export interface MentorExpenseReceiptTable {
  id: Generated<number>
  expense_id: number
  file_id: number
  created_at: Timestamp
}

export interface MentorExpenseYearTable {
  mentor_id: number
  year: number
  cap_cents: number
  approved_cents: Defaulted<number>
}

export interface ExpensesTables {
  mentor_expense: MentorExpenseTable
  mentor_expense_receipt: MentorExpenseReceiptTable
  mentor_expense_year: MentorExpenseYearTable
}
