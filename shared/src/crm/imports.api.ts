import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, Timestamp } from '../common.ts'

/**
 * Register imports (CSV extracts of the Registro Imprese, layout in
 * server/src/modules/crm/imports/FORMAT.md), their row-level error reports, and the duplicates
 * and merge tools that clean up what imports and hand entry leave behind.
 */

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export const ImportParams = Type.Object({ chamberId: Id, importId: Id }, { additionalProperties: false })
export type ImportParams = Static<typeof ImportParams>

export const CreateImportQuery = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\x00-\\x1f]+$', description: 'name of the uploaded file, shown in the run list' }),
  },
  { additionalProperties: false },
)
export type CreateImportQuery = Static<typeof CreateImportQuery>

export const ImportRun = Type.Object({
  id: Id,
  chamberId: Id,
  fileName: Type.String(),
  status: Type.Enum(IMPORT_STATUSES),
  totalRows: Nullable(Type.Integer(), { description: 'data rows in the file (estimated from the line count until parsing ends)' }),
  processedRows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  errorRows: Type.Integer(),
  failure: Nullable(Type.String(), { description: 'why a failed run applied nothing' }),
  createdBy: Nullable(Id),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
})
export type ImportRun = Static<typeof ImportRun>

export const ImportRunList = Type.Object({ items: Type.Array(ImportRun) })
export type ImportRunList = Static<typeof ImportRunList>

export const ImportListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
  { additionalProperties: false },
)
export type ImportListQuery = Static<typeof ImportListQuery>

export const DUPLICATE_REASONS = ['same_vat', 'similar_name'] as const
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number]

const FirmBrief = Type.Object({
  id: Id,
  name: Type.String(),
  taxCode: Type.String(),
  vatNumber: Nullable(Type.String()),
  municipalityCode: Nullable(Type.String()),
})

export const DuplicatePair = Type.Object({
  reason: Type.Enum(DUPLICATE_REASONS),
  score: Type.Number({ minimum: 0, maximum: 1, description: '1 for the same partita IVA; trigram similarity of the folded names otherwise' }),
  a: FirmBrief,
  b: FirmBrief,
})
export type DuplicatePair = Static<typeof DuplicatePair>

export const DuplicateScanStatus = Type.Object({
  state: Type.Enum(['never', 'waiting', 'done'], { description: 'never scanned; a scan is due (queued or running); the pairs are from the last scan' }),
  requestedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  pairs: Nullable(Type.Integer(), { description: 'pairs the last scan found' }),
})
export type DuplicateScanStatus = Static<typeof DuplicateScanStatus>

export const DuplicatePage = Type.Object({ ...Page(DuplicatePair).properties, scan: DuplicateScanStatus })
export type DuplicatePage = Static<typeof DuplicatePage>

export const DuplicatesQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]{1,15}:[0-9]{1,15}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
)
export type DuplicatesQuery = Static<typeof DuplicatesQuery>

export const DuplicateDismissBody = Type.Object(
  { aId: Id, bId: Id },
  { additionalProperties: false, description: 'two firms staff have checked: they are distinct firms, never propose them again' },
)
export type DuplicateDismissBody = Static<typeof DuplicateDismissBody>

export const MergeParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export type MergeParams = Static<typeof MergeParams>

export const MergeBody = Type.Object(
  { intoFirmId: Id },
  { additionalProperties: false },
)
export type MergeBody = Static<typeof MergeBody>

export const MergeResult = Type.Object({
  firmId: Id,
  mergedFirmId: Id,
  moved: Type.Object({
    contacts: Type.Integer(),
    timelineEvents: Type.Integer(),
    stageChanges: Type.Integer(),
    referrals: Type.Integer(),
    campaignRows: Type.Integer(),
    partnerConsents: Type.Integer(),
  }),
  filledFields: Type.Array(Type.String(), { description: 'fields of the kept firm that were empty and came from the merged one' }),
  stage: Type.Integer({ minimum: 0, maximum: 6 }),
})
export type MergeResult = Static<typeof MergeResult>
