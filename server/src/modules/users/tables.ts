import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../db/column-types.ts'

/** Staff accounts, their roles and invitations (migration 0001). */
export interface AppUserTable {
  id: Generated<number>
  email: string
  name: string
  password_hash: string | null
  locale: ColumnType<'it' | 'en', 'it' | 'en' | undefined, 'it' | 'en'>
  status: ColumnType<'invited' | 'active' | 'disabled', 'invited' | 'active' | 'disabled' | undefined>
  failed_logins: Generated<number>
  locked_until: NullableTimestamp
  last_login_at: NullableTimestamp
  password_changed_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RoleAssignmentTable {
  id: Generated<number>
  user_id: number
  role: string
  chamber_id: number | null
  region_code: string | null
  created_at: Timestamp
}

export interface InvitationTable {
  id: Generated<number>
  user_id: number
  chamber_id: number
  token_hash: string
  expires_at: Timestamp
  accepted_at: NullableTimestamp
  created_by: number | null
  created_at: Timestamp
}

/** The tables the users module owns. */
export interface UsersTables {
  app_user: AppUserTable
  role_assignment: RoleAssignmentTable
  invitation: InvitationTable
}
