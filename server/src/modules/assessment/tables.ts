import type { ColumnType, Generated } from 'kysely'
import type { Defaulted, Json, NullableTimestamp, TextArray, Timestamp } from '../../db/column-types.ts'

/** The assessment's tables (migration 0008a_assessment). */
export interface AssessmentQuestionnaireTable {
  id: Generated<number>
  chamber_id: number | null
  code: string
  version: number
  status: Defaulted<string>
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
  status: Defaulted<string>
  answers: ColumnType<Record<string, unknown>, string | undefined, string>
  current_step: Defaulted<number>
  round: number | null
  firm_name: string
  ateco_section: string | null
  size_class: string | null
  region_code: string
  overall: number | null
  level: number | null
  scores: ColumnType<Record<string, number> | null, string | null | undefined, string | null>
  is_latest: Defaulted<boolean>
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
  status: Defaulted<string>
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
  below_score: Defaulted<number>
  url: string | null
  active: Defaulted<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

/** Migration 0048: verification links of the public self-assessment already used (kept until the link would expire). */
export interface PublicStartUsedLinkTable {
  link_id: string
  firm_id: number
  used_at: Generated<Date>
  expires_at: Date
}

/** The tables the assessment module owns. */
export interface AssessmentTables {
  assessment_questionnaire: AssessmentQuestionnaireTable
  assessment: AssessmentTable
  assessment_review: AssessmentReviewTable
  assessment_plan_item: AssessmentPlanItemTable
  assessment_service: AssessmentServiceTable
  public_start_used_link: PublicStartUsedLinkTable
}
