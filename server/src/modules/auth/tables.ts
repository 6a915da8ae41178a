import type { Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../db/column-types.ts'

/** Refresh tokens, rotated in families (migration 0001). */
export interface RefreshTokenTable {
  id: Generated<number>
  user_id: number
  family_id: string
  token_hash: string
  expires_at: Timestamp
  created_at: Timestamp
  rotated_at: NullableTimestamp
  revoked_at: NullableTimestamp
  user_agent: string | null
}

/** The tables the auth module owns. */
export interface AuthTables {
  refresh_token: RefreshTokenTable
}
