import type { Generated } from 'kysely'
import type { DateString, NullableDate, Timestamp } from '../../db/column-types.ts'

/** The chamber network and its geography (migration 0001). Every module reads these by id. */
export interface RegionTable { code: string; name: string }
export interface ProvinceTable { code: string; istat_code: string; name: string; region_code: string }
export interface MunicipalityTable { istat_code: string; name: string; province_code: string; cadastral_code: string }

export interface ChamberTable {
  id: Generated<number>
  name: string
  short_name: string
  region_code: string
  pid_name: string
  active_from: DateString
  active_to: NullableDate
  merged_into_id: number | null
  created_at: Timestamp
}

export interface ChamberProvinceTable {
  chamber_id: number
  province_code: string
  valid_from: DateString
  valid_to: NullableDate
}

/** The tables the network module owns. */
export interface NetworkTables {
  region: RegionTable
  province: ProvinceTable
  municipality: MunicipalityTable
  chamber: ChamberTable
  chamber_province: ChamberProvinceTable
}

