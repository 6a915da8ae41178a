import { Type, type Static } from 'typebox'
import { FIRM_STATUSES, SIZE_CLASSES } from './domain.ts'

/**
 * The firm filter: one shape for the firm list, saved segments, campaign targets, exports and
 * the dashboard's drill-down. Every field narrows the set (AND); lists inside a field are OR.
 */
export const FirmFilter = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'name words (accent- and case-insensitive, any order), or exact codice fiscale / partita IVA / REA (e.g. MI-123456)' })),
    fuzzy: Type.Optional(Type.Boolean({ description: 'match names similar to q (typos) instead of containing its words; the list switches to it by itself when nothing contains them' })),
    sections: Type.Optional(Type.Array(Type.String({ pattern: '^[A-V]$' }), { maxItems: 22, description: 'ATECO sections' })),
    ateco: Type.Optional(Type.String({ pattern: '^[0-9]{2}(\\.[0-9]{1,2}){0,2}$', description: 'ATECO code prefix: division, group, class...' })),
    sizes: Type.Optional(Type.Array(Type.Enum(SIZE_CLASSES), { maxItems: 4 })),
    provinces: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 120 })),
    municipalities: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{6}$' }), { maxItems: 200 })),
    stages: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 })),
    statuses: Type.Optional(Type.Array(Type.Enum(FIRM_STATUSES), { maxItems: 3 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, description: 'firms with all these tags' })),
    maturityLevels: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 5 }), { maxItems: 5 })),
    lastTouchOlderThanDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'no touch for N days (never touched included)' })),
    neverAssessed: Type.Optional(Type.Boolean()),
    assignedTo: Type.Optional(Type.Integer({ minimum: 1 })),
    unassigned: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type FirmFilter = Static<typeof FirmFilter>
