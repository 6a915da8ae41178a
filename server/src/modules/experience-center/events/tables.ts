import type { Generated } from 'kysely'
import type { DateString, Defaulted, Json, NullableTimestamp, TextArray, Timestamp } from '../../../db/column-types.ts'

/** The events' tables (migration 0036). */
export interface EcEventTable {
  id: Generated<number>
  chamber_id: number
  kind: string
  title: string
  summary: Defaulted<string>
  description: Defaulted<string>
  starts_at: Timestamp
  ends_at: Timestamp
  venue: string | null
  address: string | null
  online_url: string | null
  capacity: number
  /** confirmed + offered registrations; a check constraint keeps it within capacity */
  seats_taken: Defaulted<number>
  themes: TextArray
  speakers: Json<{ name: string; role?: string; organisation?: string }[]>
  partner_ids: Defaulted<number[]>
  status: Defaulted<string>
  registration_closes_at: NullableTimestamp
  offer_hours: Defaulted<number>
  published_at: NullableTimestamp
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface EcRegistrationTable {
  id: Generated<number>
  event_id: number
  chamber_id: number
  firm_id: number
  contact_id: number
  status: string
  offer_expires_at: NullableTimestamp
  token_hash: string
  source: Defaulted<string>
  /** A partner's registration through the API (source 'partner'): the organisation and who made it (migration 0047). */
  partner_id: number | null
  registered_by: number | null
  checked_in_at: NullableTimestamp
  checked_in_by: number | null
  reminded_at: NullableTimestamp
  feedback_requested_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface EcCheckinTable {
  id: string
  registration_id: number
  scanned_at: Timestamp
  received_at: Timestamp
  by_user_id: number | null
}

export interface EcFeedbackTable {
  registration_id: number
  event_id: number
  overall: number
  usefulness: number | null
  would_recommend: boolean | null
  comment: string | null
  created_at: Timestamp
}

export interface EcEventCostTable {
  id: Generated<number>
  event_id: number
  description: string
  amount_cents: number
  spent_on: DateString
  created_by: number | null
  created_at: Timestamp
}

export interface EventsTables {
  ec_event: EcEventTable
  ec_registration: EcRegistrationTable
  ec_checkin: EcCheckinTable
  ec_feedback: EcFeedbackTable
  ec_event_cost: EcEventCostTable
}
