import type { ColumnType, Generated } from 'kysely'

/** Firm access table types (migration 0008_firm_access). */
export interface FirmAccessLinkTable {
  id: Generated<number>
  firm_id: number
  chamber_id: number
  purpose: string[]
  token_hash: string
  expires_at: ColumnType<Date, Date | string, Date | string>
  created_by: number | null
  created_at: ColumnType<Date, Date | string | undefined, Date | string>
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface FirmAccessDatabase {
  firm_access_link: FirmAccessLinkTable
}
