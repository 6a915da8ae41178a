import type { ColumnType, Generated } from 'kysely'
import type { Defaulted, NullableTimestamp, TextArray, Timestamp } from '../../../db/column-types.ts'

/** API clients of partner organisations, their secrets and their calls (migration 0046). */
export interface ApiClientTable {
  id: Generated<number>
  partner_id: number
  name: string
  client_id: string
  scopes: TextArray
  rate_limit_per_minute: Defaulted<number>
  service_user_id: number
  status: ColumnType<'active' | 'revoked', 'active' | 'revoked' | undefined, 'active' | 'revoked'>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
  revoked_at: NullableTimestamp
  revoked_by: number | null
  last_token_at: NullableTimestamp
}

export interface ApiClientSecretTable {
  id: Generated<number>
  api_client_id: number
  secret_hash: string
  hint: string
  created_at: Timestamp
  expires_at: NullableTimestamp
  created_by: number | null
}

export interface ApiCallLogTable {
  id: Generated<number>
  api_client_id: number
  at: Date | string
  method: string
  route: string
  status_code: number
  duration_ms: number
  request_id: string | null
}

export interface ClientsTables {
  api_client: ApiClientTable
  api_client_secret: ApiClientSecretTable
  api_call_log: ApiCallLogTable
}
