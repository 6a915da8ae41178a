import type { ColumnType, Generated, JSONColumnType } from 'kysely'

/** Assessment table types (migration 0008a_assessment). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type Json<T extends object | null> = JSONColumnType<T, string, string>
type TextArray = ColumnType<string[], string[] | undefined, string[]>

export interface AssessmentQuestionnaireTable {
  id: Generated<number>
  chamber_id: number | null
  code: string
  version: number
  status: ColumnType<string, string | undefined, string>
  definition: Json<object>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
  published_at: NullableTimestamp
  published_by: number | null
}

export interface AssessmentTable {
  id: Generated<number>
  firm_id: number
  chamber_id: number
  questionnaire_id: number
  status: ColumnType<string, string | undefined, string>
  answers: ColumnType<Record<string, unknown>, string | undefined, string>
  current_step: ColumnType<number, number | undefined, number>
  round: number | null
  firm_name: string
  ateco_section: string | null
  size_class: string | null
  region_code: string
  overall: number | null
  level: number | null
  scores: ColumnType<Record<string, number> | null, string | null | undefined, string | null>
  is_latest: ColumnType<boolean, boolean | undefined, boolean>
  started_by: number | null
  link_id: number | null
  created_at: Timestamp
  updated_at: Timestamp
  submitted_at: NullableTimestamp
}

export interface AssessmentReviewTable {
  assessment_id: number
  reviewer_id: number | null
  validated: Json<Record<string, { score: number; note: string | null }>>
  validated_overall: number
  validated_level: number
  improvement_areas: TextArray
  notes: string | null
  reviewed_at: Timestamp
  updated_at: Timestamp
}

export interface AssessmentPlanItemTable {
  id: Generated<number>
  assessment_id: number
  firm_id: number
  chamber_id: number
  kind: string
  dimension: string | null
  title: string
  due_on: string
  partner_id: number | null
  referral_id: number | null
  assigned_to: number | null
  status: ColumnType<string, string | undefined, string>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface AssessmentServiceTable {
  id: Generated<number>
  chamber_id: number | null
  code: string
  service_line: string
  title: Json<{ it: string; en: string }>
  description: Json<{ it: string; en: string }>
  dimensions: TextArray
  below_score: ColumnType<number, number | undefined, number>
  url: string | null
  active: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface AssessmentDatabase {
  assessment_questionnaire: AssessmentQuestionnaireTable
  assessment: AssessmentTable
  assessment_review: AssessmentReviewTable
  assessment_plan_item: AssessmentPlanItemTable
  assessment_service: AssessmentServiceTable
}
