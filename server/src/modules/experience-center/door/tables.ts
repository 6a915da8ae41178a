import type { Defaulted, NullableTimestamp } from '../../../db/column-types.ts'

/** The door's table (migration 0039): what an effective check-in did on the firm's timeline, and its undoing. */
export interface EcCheckinEffectTable {
  checkin_id: string
  registration_id: number
  timeline_event_id: number | null
  stage_before: number | null
  stage_after: number | null
  undone_at: NullableTimestamp
  undone_by: number | null
  new_prospect: Defaulted<boolean>
}

export interface DoorTables {
  ec_checkin_effect: EcCheckinEffectTable
}
