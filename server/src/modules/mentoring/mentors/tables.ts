import type { Generated } from 'kysely'
import type { Defaulted, NullableTimestamp, TextArray, Timestamp } from '../../../db/column-types.ts'

/** The mentors, the code of conduct and conflicts of interest (migration 0041). */
export interface MentoringProgrammeTable {
  id: Generated<number>
  chamber_id: number
  year: number
  expense_cap_cents: Defaulted<number>
  updated_by: number | null
  updated_at: Timestamp
}

export interface MentorTable {
  id: Generated<number>
  chamber_id: number
  user_id: number | null
  full_name: string
  email: string
  phone: Defaulted<string>
  bio: Defaulted<string>
  expertise: TextArray
  sectors: TextArray
  languages: TextArray
  provinces: TextArray
  modes: string[]
  max_mentees: Defaulted<number>
  hours_per_month: Defaulted<number>
  status: Defaulted<string>
  status_reason: string | null
  status_changed_at: Timestamp
  status_changed_by: number | null
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface MentoringCodeVersionTable {
  version: number
  text: string
  published_by: number | null
  published_at: Timestamp
}

export interface MentorCodeAcceptanceTable {
  mentor_id: number
  version: number
  accepted_at: Timestamp
}

export interface MentorConflictTable {
  id: Generated<number>
  mentor_id: number
  label: string
  firm_ids: number[]
  reason: Defaulted<string>
  declared_by: number | null
  declared_at: Timestamp
  removed_at: NullableTimestamp
}

export interface MentorsTables {
  mentoring_programme: MentoringProgrammeTable
  mentor: MentorTable
  mentoring_code_version: MentoringCodeVersionTable
  mentor_code_acceptance: MentorCodeAcceptanceTable
  mentor_conflict: MentorConflictTable
}
