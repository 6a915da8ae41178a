import type { Generated } from 'kysely'
import type { DateString, Defaulted, Json, NullableTimestamp, Timestamp } from '../../../db/column-types.ts'

/** Agreements, sessions and feedback of accepted matches (migration 0043). */
export interface AgreementGoal { key: string; text: string }

export interface MentoringAgreementTable {
  match_id: number
  goals: Json<AgreementGoal[]>
  planned_sessions: number
  planned_months: number
  starts_on: DateString
  mentor_accepted_at: NullableTimestamp
  firm_accepted_at: NullableTimestamp
  firm_accepted_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface MentoringSessionTable {
  id: Generated<number>
  match_id: number
  held_at: Timestamp
  minutes: number
  mode: string
  web_link: string | null
  summary: Defaulted<string>
  confidential_notes: Defaulted<string>
  progress: Json<Record<string, number>>
  logged_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface MentoringFeedbackTable {
  match_id: number
  side: string
  rating: number
  comment: Defaulted<string>
  given_at: Timestamp
}

export interface EngagementTables {
  mentoring_agreement: MentoringAgreementTable
  mentoring_session: MentoringSessionTable
  mentoring_feedback: MentoringFeedbackTable
}
