import type { Stage, TimelineType } from '@pid/shared'
import type { DbOrTx, Tx } from '../../db/database.ts'
import type { AuditContext } from '../../core/audit.ts'

// The types of the CRM's service interface, apart from the service: its own parts use them without an import cycle.

/** A touch on a firm's timeline, as any module records it. */
export interface TimelineInput {
  firmId: number
  type: TimelineType
  summary: string
  occurredAt?: Date
  details?: Record<string, unknown>
  contactId?: number | null
  partnerId?: number | null
  /** Which module wrote it: 'crm', 'assessment', 'vouchers', ... */
  sourceModule?: string
}

/**
 * What another module does when two firm records turn out to be one firm: move its own rows from
 * the merged firm to the kept one, inside the merge's transaction. Throwing (a conflict the module
 * cannot settle) refuses the whole merge. Returns how many rows it moved, for the merge's report.
 */
export type FirmMergeHandler = (tx: Tx, merge: { fromId: number; intoId: number; ctx: AuditContext }) => Promise<number>

/** What other modules may know of a firm: identity and the classification used for benchmarks. */
export interface FirmProfile {
  id: number
  chamberId: number
  regionCode: string
  name: string
  atecoSection: string | null
  sizeClass: string | null
  provinceCode: string
  /** Codice fiscale. */
  taxCode: string
  atecoCode: string | null
  /** Register status: active, inactive, ceased. */
  status: string
}

/** What a list of firms in another module shows: name, codice fiscale and town. */
export interface FirmCard {
  id: number
  chamberId: number
  name: string
  taxCode: string
  provinceCode: string
  /** The municipality's name, when the register gives one. */
  town: string | null
}

export interface RecordedEvent {
  id: number
  chamberId: number
  stage: Stage
  stageChanged: boolean
}

/** What records a touch: the CRM service, as the CRM's own parts (referrals) see it. */
export interface TimelineRecorder {
  recordEvent(tx: DbOrTx, ctx: AuditContext, e: TimelineInput): Promise<RecordedEvent>
}
