import type { CoreTables } from '../core/tables.ts'
import type { NetworkTables } from '../modules/network/tables.ts'
import type { UsersTables } from '../modules/users/tables.ts'
import type { AuthTables } from '../modules/auth/tables.ts'
import type { CrmTables } from '../modules/crm/tables.ts'
import type { FirmAccessTables } from '../modules/firm-access/tables.ts'
import type { AssessmentTables } from '../modules/assessment/tables.ts'
import type { BudgetTables } from '../modules/budget/tables.ts'
import type { VouchersTables } from '../modules/vouchers/tables.ts'
import type { ExperienceCenterTables } from '../modules/experience-center/tables.ts'
import type { MentoringTables } from '../modules/mentoring/tables.ts'
import type { PartnerApiTables } from '../modules/partner-api/tables.ts'
import type { MonitoringTables } from '../modules/monitoring/tables.ts'

/**
 * Every table, assembled from the tables each owner declares beside itself: a module's
 * `modules/<name>/tables.ts`, the core pieces' `core/tables.ts`. Only the owner queries its tables;
 * the lint rule (eslint.config.js) keeps other modules from importing them. Background jobs live in
 * pg-boss's own schema (`pgboss`), which pg-boss creates and migrates itself.
 */
export interface Database extends CoreTables, NetworkTables, UsersTables, AuthTables, CrmTables, FirmAccessTables,
  AssessmentTables, BudgetTables, VouchersTables, ExperienceCenterTables, MentoringTables, PartnerApiTables,
  MonitoringTables {}
