import type { Generated } from 'kysely'
import type { DateString, Defaulted, NullableTimestamp, Timestamp } from '../../../db/column-types.ts'

/** The demo area's tables (migration 0038). */
export interface EcEquipmentTable {
  id: Generated<number>
  chamber_id: number
  name: string
  category: string
  description: Defaulted<string>
  vendor_name: string
  vendor_contact: Defaulted<string>
  loan_from: DateString
  loan_to: DateString
  location: Defaulted<string>
  condition: Defaulted<string>
  notes: Defaulted<string>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface EcEquipmentPhotoTable {
  id: Generated<number>
  equipment_id: number
  file_id: number
  created_by: number | null
  created_at: Timestamp
}

export interface EcDemoBookingTable {
  id: Generated<number>
  chamber_id: number
  equipment_id: number
  firm_id: number | null
  event_id: number | null
  /** tstzrange '[start, end)': written with `tstzrange(...)`, read through lower()/upper(). */
  period: string
  purpose: Defaulted<string>
  notes: Defaulted<string>
  status: Defaulted<string>
  held_at: NullableTimestamp
  cancelled_at: NullableTimestamp
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface DemoTables {
  ec_equipment: EcEquipmentTable
  ec_equipment_photo: EcEquipmentPhotoTable
  ec_demo_booking: EcDemoBookingTable
}
