import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { CoreTables } from '../core/tables.ts'
import type { NetworkTables } from '../modules/network/tables.ts'
import type { UsersTables } from '../modules/users/tables.ts'
import type { AuthTables } from '../modules/auth/tables.ts'
import type { CrmTables } from '../modules/crm/tables.ts'
import type { FirmAccessTables } from '../modules/firm-access/tables.ts'
import type { AssessmentTables } from '../modules/assessment/tables.ts'
import type { BudgetTables } from '../modules/budget/tables.ts'
import type { VouchersTables } from '../modules/vouchers/tables.ts'

/** Table types for Kysely. Column names are snake_case, as in the migrations. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface JobTable {
  id: Generated<number>
  queue: string
  payload: JSONColumnType<Record<string, unknown>, string, string>
  run_at: Timestamp
  attempts: Generated<number>
  max_attempts: Generated<number>
  locked_until: NullableTimestamp
  last_error: string | null
  done_at: NullableTimestamp
  failed_at: NullableTimestamp
  created_at: Timestamp
}

/**
 * Every table, assembled from the tables each owner declares beside itself: a module's
 * `modules/<name>/tables.ts`, the core pieces' `core/tables.ts`. Only the owner queries its tables;
 * the lint rule (eslint.config.js) keeps other modules from importing them.
 */
export interface Database extends CoreTables, NetworkTables, UsersTables, AuthTables, CrmTables, FirmAccessTables,
  AssessmentTables, BudgetTables, VouchersTables {
  job: JobTable
}
