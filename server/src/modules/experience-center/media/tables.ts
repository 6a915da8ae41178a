import type { ColumnType, Generated } from 'kysely'
import type { Defaulted, Json, NullableDate, NullableTimestamp, TextArray, Timestamp } from '../../../db/column-types.ts'

/** The media library's tables (migration 0037). */
export interface EcMediaItemTable {
  id: Generated<number>
  chamber_id: number
  kind: string
  title: string
  summary: Defaulted<string>
  themes: TextArray
  sectors: TextArray
  size_classes: TextArray
  language: Defaulted<string>
  links: Json<{ url: string; label: string }[]>
  state: Defaulted<string>
  firm_id: number | null
  firm_consent: Defaulted<boolean>
  firm_consent_on: NullableDate
  views: Defaulted<number>
  /** generated: pid_unaccent(lower(title || ' ' || summary)) */
  search_folded: ColumnType<string, never, never>
  published_at: NullableTimestamp
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface EcMediaFileTable {
  id: Generated<number>
  item_id: number
  file_id: number
  uploaded_by: number | null
  uploaded_at: Timestamp
}

export interface MediaTables {
  ec_media_item: EcMediaItemTable
  ec_media_file: EcMediaFileTable
}
