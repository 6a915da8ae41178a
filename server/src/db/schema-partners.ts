import type { ColumnType, Generated } from 'kysely'

/** Partner and referral table types added by migration 0006 (the base tables are in schema-crm.ts). */
export interface ReferralStepTable {
  id: Generated<number>
  referral_id: number
  from_status: string | null
  to_status: string
  note: string | null
  actor_id: number | null
  at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface PartnersDatabase {
  referral_step: ReferralStepTable
}
