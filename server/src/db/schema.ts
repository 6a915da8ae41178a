import type { ColumnType, Generated } from 'kysely'
import type { CrmDatabase } from './schema-crm.ts'
import type { PartnersDatabase } from './schema-partners.ts'
import type { FirmAccessDatabase } from './schema-firm-access.ts'
import type { AssessmentDatabase } from './schema-assessment.ts'
import type { BudgetDatabase } from './schema-budget.ts'
import type { VouchersDatabase } from './schema-vouchers.ts'

/** Table types for Kysely. Column names are snake_case, as in the migrations. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** `date` columns come back as 'YYYY-MM-DD' strings (type parser set in database.ts). */
type DateString = ColumnType<string, string | undefined, string>
type Json = ColumnType<unknown, string | null, string | null>

export interface RegionTable { code: string; name: string }
export interface ProvinceTable { code: string; istat_code: string; name: string; region_code: string }
export interface MunicipalityTable { istat_code: string; name: string; province_code: string; cadastral_code: string }

export interface ChamberTable {
  id: Generated<number>
  name: string
  short_name: string
  region_code: string
  pid_name: string
  active_from: DateString
  active_to: ColumnType<string | null, string | null | undefined, string | null>
  merged_into_id: number | null
  created_at: Timestamp
}

export interface ChamberProvinceTable {
  chamber_id: number
  province_code: string
  valid_from: DateString
  valid_to: ColumnType<string | null, string | null | undefined, string | null>
}

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

export interface AuditLogTable {
  id: Generated<number>
  at: Timestamp
  actor_id: number | null
  chamber_id: number | null
  action: string
  entity: string
  entity_id: string | null
  before: Json
  after: Json
  request_id: string | null
  ip: string | null
}

export interface MailOutboxTable {
  id: Generated<number>
  chamber_id: number | null
  to_address: string
  subject: string
  text_body: string
  status: 'pending' | 'sent' | 'held' | 'failed'
  created_at: Timestamp
  sent_at: NullableTimestamp
  last_error: string | null
}

/** Every table; each module's tables live in their own file (schema-<module>.ts). */
export interface Database extends CrmDatabase, PartnersDatabase, FirmAccessDatabase, AssessmentDatabase, BudgetDatabase,
  VouchersDatabase {
  region: RegionTable
  province: ProvinceTable
  municipality: MunicipalityTable
  chamber: ChamberTable
  chamber_province: ChamberProvinceTable
  app_user: AppUserTable
  role_assignment: RoleAssignmentTable
  refresh_token: RefreshTokenTable
  invitation: InvitationTable
  audit_log: AuditLogTable
  mail_outbox: MailOutboxTable
}
