import type { Defaulted, NullableTimestamp, Timestamp } from '../../db/column-types.ts'

/** Network monitoring's tables (migration 0051): maintained aggregates fed by the modules' figure sources, and targets. */
export interface MonitoringFactTable {
  chamber_id: number
  /** First day of the month, 'YYYY-MM-DD'. */
  month: string
  metric: string
  ateco_section: Defaulted<string>
  size_class: Defaulted<string>
  value: number
}

export interface MonitoringStageTable {
  chamber_id: number
  stage: number
  ateco_section: Defaulted<string>
  size_class: Defaulted<string>
  firms: number
}

export interface MonitoringTargetTable {
  chamber_id: number
  year: number
  metric: string
  value: number
  updated_by: number | null
  updated_at: Timestamp
}

export interface MonitoringStateTable {
  id: Defaulted<boolean>
  refreshed_at: NullableTimestamp
  full_refreshed_at: NullableTimestamp
}

export interface MonitoringTables {
  monitoring_fact: MonitoringFactTable
  monitoring_stage: MonitoringStageTable
  monitoring_target: MonitoringTargetTable
  monitoring_state: MonitoringStateTable
}
