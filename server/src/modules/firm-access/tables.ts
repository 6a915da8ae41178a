import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../db/column-types.ts'

/** Firm access table types (migration 0008_firm_access). */
export interface FirmAccessLinkTable {
  id: Generated<number>
  firm_id: number
  chamber_id: number
  purpose: string[]
  token_hash: string
  expires_at: ColumnType<Date, Date | string, Date | string>
  created_by: number | null
  created_at: Timestamp
  revoked_at: NullableTimestamp
  last_used_at: NullableTimestamp
}

/** A firm_user account linked to a firm (migration 0033_firm_user_accounts). */
export interface FirmUserAccountTable {
  id: Generated<number>
  user_id: number
  firm_id: number
  chamber_id: number
  created_by: number | null
  created_at: Timestamp
}

/** The tables the firm-access module owns. */
export interface FirmAccessTables {
  firm_access_link: FirmAccessLinkTable
  firm_user_account: FirmUserAccountTable
}
