import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Page, PatchBody, Text, Timestamp } from '../common.ts'
import { FIRM_STATUSES, LEGAL_FORMS, SIZE_CLASSES } from './domain.ts'
import { FirmFilter } from './filter.api.ts'

// One line in the package index exports the whole area: firms, their people, the lookups.
export * from './contacts.api.ts'
export * from './reference.api.ts'

/** Firms of the business register as the CRM shows and edits them. Money in euro cents. */

const DateString = Type.String({ format: 'date' })
const AtecoCode = Type.String({ pattern: '^[0-9]{2}(\\.[0-9]{1,2}){0,2}$', description: 'ATECO 2025 code, e.g. 62.10.00' })
const PlateCode = Type.String({ pattern: '^[A-Z]{2}$' })
const Phone = Type.String({ pattern: '^\\+?[0-9 ()./-]{5,30}$', maxLength: 30 })
const Website = Type.String({ format: 'uri', maxLength: 300 })
const Cents = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000 })
export const FirmTag = Type.String({ minLength: 1, maxLength: 40, description: 'stored lower-case' })

export const UserRef = Type.Object({ id: Id, name: Type.String() })

export const FirmSummary = Type.Object({
  id: Id,
  name: Type.String(),
  taxCode: Type.String(),
  vatNumber: Nullable(Type.String()),
  legalForm: Type.Enum(LEGAL_FORMS),
  atecoCode: Nullable(Type.String()),
  atecoSection: Nullable(Type.String()),
  sizeClass: Nullable(Type.Enum(SIZE_CLASSES)),
  provinceCode: Type.String(),
  municipalityCode: Nullable(Type.String()),
  municipalityName: Nullable(Type.String()),
  status: Type.Enum(FIRM_STATUSES),
  stage: Type.Integer({ minimum: 0, maximum: 6 }),
  maturityLevel: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  assignedTo: Nullable(UserRef),
  lastTouchAt: Nullable(Timestamp),
  createdAt: Timestamp,
})
export type FirmSummary = Static<typeof FirmSummary>

export const Firm = Type.Object({
  ...FirmSummary.properties,
  chamberId: Id,
  reaProvince: Nullable(Type.String()),
  reaNumber: Nullable(Type.Integer()),
  atecoTitle: Nullable(Type.String()),
  secondaryAtecoCodes: Type.Array(Type.String()),
  employees: Nullable(Type.Integer()),
  turnoverCents: Nullable(Type.Integer()),
  balanceSheetCents: Nullable(Type.Integer()),
  foundedOn: Nullable(DateString),
  address: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  pec: Nullable(Type.String()),
  website: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  stageChangedAt: Nullable(Timestamp),
  registeredByPartnerId: Nullable(Id),
  updatedAt: Timestamp,
  contactCount: Type.Integer({ description: 'erased (anonymous) contacts included' }),
  timelineEventCount: Type.Integer(),
})
export type Firm = Static<typeof Firm>

/** Registry data a user may type. The server checks codes, province, municipality and ATECO against the real rules. */
const firmFields = {
  name: Text(300),
  taxCode: Type.String({ minLength: 11, maxLength: 20, description: 'codice fiscale: 11 digits (company) or 16 characters (sole trader)' }),
  vatNumber: Type.String({ minLength: 11, maxLength: 20, description: 'partita IVA (IT prefix accepted)' }),
  reaProvince: PlateCode,
  reaNumber: Type.Integer({ minimum: 1, maximum: 9_999_999 }),
  legalForm: Type.Enum(LEGAL_FORMS),
  atecoCode: AtecoCode,
  secondaryAtecoCodes: Type.Array(AtecoCode, { maxItems: 10, uniqueItems: true }),
  employees: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  turnoverCents: Cents,
  balanceSheetCents: Cents,
  foundedOn: DateString,
  address: Text(300),
  postalCode: Type.String({ pattern: '^[0-9]{5}$' }),
  municipalityCode: Type.String({ pattern: '^[0-9]{6}$', description: 'ISTAT code; must lie in the province' }),
  provinceCode: Type.String({ pattern: '^[A-Z]{2}$', description: 'a province the chamber currently covers' }),
  pec: Email,
  website: Website,
  email: Email,
  phone: Phone,
  status: Type.Enum(FIRM_STATUSES),
}
const F = firmFields

export const CreateFirmBody = Type.Object(
  {
    name: F.name, taxCode: F.taxCode, provinceCode: F.provinceCode,
    vatNumber: Type.Optional(F.vatNumber), reaProvince: Type.Optional(F.reaProvince), reaNumber: Type.Optional(F.reaNumber),
    legalForm: Type.Optional(F.legalForm), atecoCode: Type.Optional(F.atecoCode), secondaryAtecoCodes: Type.Optional(F.secondaryAtecoCodes),
    employees: Type.Optional(F.employees), turnoverCents: Type.Optional(F.turnoverCents), balanceSheetCents: Type.Optional(F.balanceSheetCents),
    foundedOn: Type.Optional(F.foundedOn), address: Type.Optional(F.address), postalCode: Type.Optional(F.postalCode),
    municipalityCode: Type.Optional(F.municipalityCode), pec: Type.Optional(F.pec), website: Type.Optional(F.website),
    email: Type.Optional(F.email), phone: Type.Optional(F.phone), status: Type.Optional(F.status),
    tags: Type.Optional(Type.Array(FirmTag, { maxItems: 20 })),
  },
  { additionalProperties: false },
)
export type CreateFirmBody = Static<typeof CreateFirmBody>

/** A partial update: `null` clears an optional field; `assignedTo: null` unassigns. */
export const UpdateFirmBody = PatchBody(CreateFirmBody, {
  vatNumber: F.vatNumber, reaProvince: F.reaProvince, reaNumber: F.reaNumber, atecoCode: F.atecoCode, employees: F.employees,
  turnoverCents: F.turnoverCents, balanceSheetCents: F.balanceSheetCents, foundedOn: F.foundedOn, address: F.address,
  postalCode: F.postalCode, municipalityCode: F.municipalityCode, pec: F.pec, website: F.website, email: F.email, phone: F.phone,
}, { assignedTo: Nullable(Id) })
export type UpdateFirmBody = Static<typeof UpdateFirmBody>

export const FIRM_SORTS = ['name', 'lastTouchAt', 'createdAt', 'stage'] as const
export type FirmSort = (typeof FIRM_SORTS)[number]

/** The firm list: the filter, a sort (name by default), keyset paging. */
export const FirmListQuery = Type.Object(
  {
    ...FirmFilter.properties,
    sort: Type.Optional(Type.Enum(FIRM_SORTS)),
    dir: Type.Optional(Type.Enum(['asc', 'desc'] as const)),
    cursor: Type.Optional(Type.String({ maxLength: 600, description: 'opaque: nextCursor of the previous page, same filter and sort' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
)
export type FirmListQuery = Static<typeof FirmListQuery>

export const FirmPage = Type.Object({
  ...Page(FirmSummary).properties,
  fuzzy: Type.Boolean({ description: 'true when no name contained the searched words and similar names are shown instead' }),
  correctedQuery: Nullable(Type.String(), { description: 'the search with its words corrected to words found in firm names, when that is what the page shows' }),
})
export type FirmPage = Static<typeof FirmPage>

export const FirmCount = Type.Object({ count: Type.Integer({ minimum: 0 }) })
export type FirmCount = Static<typeof FirmCount>

export const FirmExportQuery = Type.Object(
  { ...FirmFilter.properties, format: Type.Optional(Type.Enum(['csv', 'xlsx'] as const, { default: 'csv' })) },
  { additionalProperties: false },
)
export type FirmExportQuery = Static<typeof FirmExportQuery>

export const FirmParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export type FirmParams = Static<typeof FirmParams>
