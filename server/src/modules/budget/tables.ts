import type { Generated } from 'kysely'
import type { Defaulted, NullableTimestamp, Timestamp } from '../../db/column-types.ts'

/** The budget's tables (migration 0009). Money in integer cents (int8 read as safe numbers). */
export interface BudgetProgrammeTable {
  id: Generated<number>
  region_code: string
  name: string
  first_year: number
  last_year: number
  voucher_share_min_year_pm: number
  voucher_share_min_programme_pm: number
  internal_share_max_pm: number
  created_at: Timestamp
}

export interface BudgetPlanTable {
  id: Generated<number>
  chamber_id: number
  programme_id: number
  year: number
  baseline_total_cents: number
  created_at: Timestamp
  updated_at: Timestamp
}

export interface BudgetLineTable {
  id: Generated<number>
  plan_id: number
  chamber_id: number
  position: number
  category: string
  label: string
  nature: 'internal' | 'services'
  start_up: Defaulted<boolean>
  formula: 'amount' | 'fte' | 'people' | 'events' | 'per_pid'
  quantity_milli: Defaulted<number>
  unit_cents: Defaulted<number>
  extra_cents: Defaulted<number>
  adjustment_cents: Defaulted<number>
  planned_cents: number
  committed_cents: Defaulted<number>
  spent_cents: Defaulted<number>
}

export interface BudgetCommitmentTable {
  line_id: number
  source_module: string
  source_ref: string
  outstanding_cents: number
}

export interface BudgetPostingTable {
  id: Generated<number>
  line_id: number
  chamber_id: number
  kind: 'commit' | 'release' | 'spend'
  amount_cents: number
  from_commitment: Defaulted<boolean>
  source_module: string
  source_ref: string
  description: string
  booked_on: string
  created_by: number | null
  created_at: Timestamp
}

export interface BudgetReallocationTable {
  id: Generated<number>
  plan_id: number
  chamber_id: number
  from_line_id: number
  to_line_id: number
  amount_cents: number
  reason: string
  status: Defaulted<'proposed' | 'approved' | 'rejected'>
  proposed_by: number | null
  proposed_at: Timestamp
  decided_by: number | null
  decided_at: NullableTimestamp
  decision_note: string | null
}

/** The tables the budget module owns. */
export interface BudgetTables {
  budget_programme: BudgetProgrammeTable
  budget_plan: BudgetPlanTable
  budget_line: BudgetLineTable
  budget_commitment: BudgetCommitmentTable
  budget_posting: BudgetPostingTable
  budget_reallocation: BudgetReallocationTable
}
