import { Type, type Static } from 'typebox'
import { Nullable } from '../common.ts'

/** Reference lookups for the pickers of the CRM forms: ATECO 2025 codes and ISTAT municipalities. */

export const ATECO_LEVELS = ['section', 'division', 'group', 'class', 'category', 'subcategory'] as const
export type AtecoLevel = (typeof ATECO_LEVELS)[number]

export const AtecoQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'code prefix (e.g. 62.1) or words of the Italian title (accents optional)' })),
    level: Type.Optional(Type.Enum(ATECO_LEVELS)),
  },
  { additionalProperties: false },
)
export type AtecoQuery = Static<typeof AtecoQuery>

export const AtecoEntry = Type.Object({
  code: Type.String(),
  level: Type.Enum(ATECO_LEVELS),
  parentCode: Nullable(Type.String()),
  section: Type.String({ description: 'the section letter the code belongs to' }),
  titleIt: Type.String(),
  titleEn: Type.String(),
})
export type AtecoEntry = Static<typeof AtecoEntry>

export const AtecoList = Type.Object({ items: Type.Array(AtecoEntry, { maxItems: 50 }) })
export type AtecoList = Static<typeof AtecoList>

export const MunicipalityQuery = Type.Object(
  {
    province: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'plate code, e.g. MI' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'name prefix (accents optional) or ISTAT code prefix' })),
  },
  { additionalProperties: false },
)
export type MunicipalityQuery = Static<typeof MunicipalityQuery>

export const Municipality = Type.Object({
  istatCode: Type.String({ description: 'ISTAT code, 6 digits' }),
  name: Type.String(),
  provinceCode: Type.String(),
  cadastralCode: Type.String(),
})
export type Municipality = Static<typeof Municipality>

export const MunicipalityList = Type.Object({ items: Type.Array(Municipality, { maxItems: 50 }) })
export type MunicipalityList = Static<typeof MunicipalityList>
