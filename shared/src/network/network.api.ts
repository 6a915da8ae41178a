import { Type, type Static } from 'typebox'
import { Id, Nullable, Text } from '../common.ts'

export const Region = Type.Object({ code: Type.String(), name: Type.String() })
export type Region = Static<typeof Region>

export const Province = Type.Object({
  code: Type.String({ description: 'plate code (sigla), e.g. MI' }),
  istatCode: Type.String({ description: 'ISTAT province code, 3 digits' }),
  name: Type.String(),
  regionCode: Type.String(),
})
export type Province = Static<typeof Province>

export const ProvinceQuery = Type.Object(
  { region: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })) },
  { additionalProperties: false },
)

export const Chamber = Type.Object({
  id: Id,
  name: Type.String(),
  shortName: Type.String(),
  regionCode: Type.String(),
  provinces: Type.Array(Type.String({ description: 'plate codes currently covered' })),
  pidName: Type.String(),
  activeFrom: Type.String({ format: 'date' }),
  activeTo: Nullable(Type.String({ format: 'date' })),
  mergedIntoId: Nullable(Id),
  predecessorIds: Type.Array(Id),
})
export type Chamber = Static<typeof Chamber>

export const ChamberParams = Type.Object({ chamberId: Id }, { additionalProperties: false })
export type ChamberParams = Static<typeof ChamberParams>

export const ChamberQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    includeMerged: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
)

const PlateCode = Type.String({ pattern: '^[A-Z]{2}$' })

export const CreateChamberBody = Type.Object(
  {
    name: Text(200),
    shortName: Text(60),
    provinces: Type.Array(PlateCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
    activeFrom: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
)
export type CreateChamberBody = Static<typeof CreateChamberBody>

/** Chambers merge: the new chamber takes over the provinces; the old ones keep their history. */
export const MergeChambersBody = Type.Object(
  {
    chamberIds: Type.Array(Id, { minItems: 2, maxItems: 10, uniqueItems: true }),
    name: Text(200),
    shortName: Text(60),
    date: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
)
export type MergeChambersBody = Static<typeof MergeChambersBody>
