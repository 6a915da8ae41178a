import type { Generated } from 'kysely'
import type { DateString, Defaulted, Json, NullableTimestamp, Timestamp } from '../../../db/column-types.ts'

/** Requests, matches, matchmaking days and their slots (migration 0042). */
export interface MentoringRequestTable {
  id: Generated<number>
  chamber_id: number
  firm_id: number
  source: string
  plan_item_id: number | null
  need: string
  area: string
  preferred_mode: string | null
  language: Defaulted<string>
  status: Defaulted<string>
  created_by: number | null
  created_at: Timestamp
  matched_at: NullableTimestamp
  closed_at: NullableTimestamp
}

/** One line of a suggestion's explanation: which criterion, its points, and the codes behind it. */
export interface ExplanationLine { criterion: string; points: number; params?: Record<string, string | number | string[]> }

export interface MentoringMatchTable {
  id: Generated<number>
  request_id: number
  chamber_id: number
  firm_id: number
  mentor_id: number
  status: Defaulted<string>
  score: number | null
  explanation: Json<ExplanationLine[]>
  proposed_by: number | null
  proposed_at: Timestamp
  responded_at: NullableTimestamp
  decline_reason: string | null
  t0_assessment_id: number | null
  t0_overall: number | null
  t0_level: number | null
  closed_at: NullableTimestamp
  outcome: string | null
  outcome_notes: string | null
}

export interface MentoringDayTable {
  id: Generated<number>
  chamber_id: number
  event_id: number | null
  title: string
  day: DateString
  place: Defaulted<string>
  online_url: string | null
  created_by: number | null
  created_at: Timestamp
}

export interface MentoringSlotTable {
  id: Generated<number>
  day_id: number
  mentor_id: number | null
  starts_at: Timestamp
  minutes: number
  firm_id: number | null
  topic: string | null
  booked_at: NullableTimestamp
  booked_by: number | null
}

export interface MatchingTables {
  mentoring_request: MentoringRequestTable
  mentoring_match: MentoringMatchTable
  mentoring_day: MentoringDayTable
  mentoring_slot: MentoringSlotTable
}
