import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Timestamp } from '../common.ts'
import { FORMULAS } from './money.ts'
import { FIXES, RULES } from './rules.ts'

/** API contract of the budget module. Money in integer cents; shares and thresholds per mille. */
const Cents = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'euro cents' })
const SignedCents = Type.Integer({ minimum: -9_000_000_000_000_000, maximum: 9_000_000_000_000_000 })
const Permille = Type.Integer({ minimum: 0, maximum: 1000, description: 'tenths of a percent: 552 = 55.2%' })
const Year = Type.Integer({ minimum: 2000, maximum: 2100 })
const Category = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'line code, e.g. staff, vouchers' })
const Nature = Type.Union([Type.Literal('internal'), Type.Literal('services')])
const Formula = Type.Enum(FORMULAS)
const Quantity = Type.String({ pattern: '^\\d{1,7}(\\.\\d{1,3})?$', description: 'decimal with up to 3 places: 26.4' })

export const ThresholdsSchema = Type.Object({
  voucherShareMinYearPm: Permille,
  voucherShareMinProgrammePm: Permille,
  internalShareMaxPm: Permille,
}, { additionalProperties: false })

export const Programme = Type.Object({
  id: Id, regionCode: Type.String(), name: Type.String(), firstYear: Year, lastYear: Year, thresholds: ThresholdsSchema,
})
export type Programme = Static<typeof Programme>
export const ProgrammeList = Type.Object({ items: Type.Array(Programme) })
export type ProgrammeList = Static<typeof ProgrammeList>
export const ProgrammeBody = Type.Object({
  regionCode: Type.String({ pattern: '^\\d{2}$' }), name: Type.String({ minLength: 1, maxLength: 200 }),
  firstYear: Year, lastYear: Year, thresholds: ThresholdsSchema,
}, { additionalProperties: false })
export type ProgrammeBody = Static<typeof ProgrammeBody>
export const ProgrammeParams = Type.Object({ programmeId: Id }, { additionalProperties: false })
export const ThresholdsBody = Type.Object({ thresholds: ThresholdsSchema }, { additionalProperties: false })

export const ViolationSchema = Type.Object({
  rule: Type.Enum(RULES), year: Nullable(Type.Integer()), actualPm: Nullable(Type.Integer()), thresholdPm: Nullable(Type.Integer()),
  byCents: Cents, fix: Type.Enum(FIXES), message: Type.String(),
})
export type ViolationDto = Static<typeof ViolationSchema>

export const DifferenceSchema = Type.Object({
  item: Type.String(), statedCents: Nullable(SignedCents), computedCents: Nullable(SignedCents), differenceCents: Nullable(SignedCents),
  statedPm: Nullable(Type.Integer()), computedPm: Nullable(Type.Integer()), message: Type.String(),
})
export type DifferenceDto = Static<typeof DifferenceSchema>

export const StatedFiguresSchema = Type.Object({
  totalCents: Type.Optional(Cents), subtotalCents: Type.Optional(Cents),
  internalCents: Type.Optional(Cents), servicesCents: Type.Optional(Cents),
  sharesPm: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }), Permille)),
}, { additionalProperties: false })

export const LineInput = Type.Object({
  category: Category,
  label: Type.String({ minLength: 1, maxLength: 200 }),
  nature: Nature,
  startUp: Type.Optional(Type.Boolean()),
  formula: Formula,
  quantity: Type.Optional(Quantity),
  unitCents: Type.Optional(Cents),
  extraCents: Type.Optional(Cents),
}, { additionalProperties: false })
export type LineInput = Static<typeof LineInput>

export const LinePatch = Type.Object({
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  nature: Type.Optional(Nature),
  startUp: Type.Optional(Type.Boolean()),
  formula: Type.Optional(Formula),
  quantity: Type.Optional(Quantity),
  unitCents: Type.Optional(Cents),
  extraCents: Type.Optional(Cents),
}, { additionalProperties: false, minProperties: 1 })
export type LinePatch = Static<typeof LinePatch>

export const PlanBody = Type.Object({
  programmeId: Id, year: Year,
  lines: Type.Array(LineInput, { minItems: 1, maxItems: 40 }),
  stated: Type.Optional(StatedFiguresSchema),
}, { additionalProperties: false })
export type PlanBody = Static<typeof PlanBody>

export const PlanLine = Type.Object({
  id: Id, position: Type.Integer(), category: Type.String(), label: Type.String(), nature: Nature, startUp: Type.Boolean(),
  formula: Formula, quantity: Type.String(), unitCents: Cents, extraCents: Cents, formulaCents: Cents, adjustmentCents: SignedCents,
  plannedCents: Cents, committedCents: Cents, spentCents: Cents, availableCents: Cents, sharePm: Permille,
})
export type PlanLine = Static<typeof PlanLine>

/** A line summed over chambers (region) or years (programme). */
export const FigureLine = Type.Object({
  category: Type.String(), label: Type.String(), nature: Nature,
  plannedCents: Cents, committedCents: Cents, spentCents: Cents, availableCents: Cents, sharePm: Permille,
})
export type FigureLine = Static<typeof FigureLine>

export const PlanTotals = Type.Object({
  subtotalCents: Cents, subtotalSharePm: Permille, voucherCents: Cents, voucherSharePm: Permille, totalCents: Cents,
  internalCents: Cents, internalSharePm: Permille, servicesCents: Cents, servicesSharePm: Permille,
  committedCents: Cents, spentCents: Cents, availableCents: Cents,
})
export type PlanTotals = Static<typeof PlanTotals>

export const Plan = Type.Object({
  id: Id, chamber: NamedRef, programme: Type.Object({ id: Id, name: Type.String(), firstYear: Year, lastYear: Year }), year: Year,
  baselineTotalCents: Cents, lines: Type.Array(PlanLine), totals: PlanTotals, thresholds: ThresholdsSchema, violations: Type.Array(ViolationSchema),
})
export type Plan = Static<typeof Plan>

export const PlanSummary = Type.Object({ id: Id, year: Year, programmeId: Id, totalCents: Cents, voucherSharePm: Permille, violations: Type.Integer() })
export const PlanSummaryList = Type.Object({ items: Type.Array(PlanSummary) })
export type PlanSummaryList = Static<typeof PlanSummaryList>
export type PlanSummary = Static<typeof PlanSummary>

export const PlanParams = Type.Object({ chamberId: Id, year: Year }, { additionalProperties: false })
export const LineParams = Type.Object({ chamberId: Id, year: Year, lineId: Id }, { additionalProperties: false })
export const ReallocationParams = Type.Object({ chamberId: Id, year: Year, reallocationId: Id }, { additionalProperties: false })
export const ChamberProgrammeParams = Type.Object({ chamberId: Id, programmeId: Id }, { additionalProperties: false })
export const RegionPlanParams = Type.Object({ regionCode: Type.String({ pattern: '^\\d{2}$' }), year: Year }, { additionalProperties: false })
export const RegionProgrammeParams = Type.Object({ regionCode: Type.String({ pattern: '^\\d{2}$' }), programmeId: Id }, { additionalProperties: false })

/** A check without storing: what the stated figures disagree on, and which rules the lines break. */
export const PlanCheck = Type.Object({ differences: Type.Array(DifferenceSchema), violations: Type.Array(ViolationSchema), totals: PlanTotals })
export type PlanCheck = Static<typeof PlanCheck>

export const ChamberFigures = Type.Object({
  chamber: NamedRef, totalCents: Cents, voucherCents: Cents, voucherSharePm: Permille, internalCents: Cents, internalSharePm: Permille,
  committedCents: Cents, spentCents: Cents, availableCents: Cents, violations: Type.Array(ViolationSchema),
})
export const RegionPlan = Type.Object({
  regionCode: Type.String(), year: Year, lines: Type.Array(FigureLine), totals: PlanTotals, chambers: Type.Array(ChamberFigures),
  violations: Type.Array(ViolationSchema),
})
export type RegionPlan = Static<typeof RegionPlan>

export const ProgrammeYearFigures = Type.Object({
  year: Year, planned: Type.Boolean(), totalCents: Cents, voucherCents: Cents, voucherSharePm: Permille,
  committedCents: Cents, spentCents: Cents, availableCents: Cents,
})
export const ProgrammeView = Type.Object({
  programme: Programme, years: Type.Array(ProgrammeYearFigures), lines: Type.Array(FigureLine), totals: PlanTotals,
  violations: Type.Array(ViolationSchema),
})
export type ProgrammeView = Static<typeof ProgrammeView>

export const POSTING_KINDS = ['commit', 'release', 'spend'] as const
export const Posting = Type.Object({
  id: Id, category: Type.String(), kind: Type.Enum(POSTING_KINDS), amountCents: Cents, fromCommitment: Type.Boolean(),
  source: Type.Object({ module: Type.String(), ref: Type.String() }), description: Type.String(),
  bookedOn: Type.String({ format: 'date' }), createdAt: Timestamp,
})
export type Posting = Static<typeof Posting>
export const PostingList = Type.Object({ items: Type.Array(Posting) })
export type PostingList = Static<typeof PostingList>

export const PostingBody = Type.Object({
  category: Category, kind: Type.Enum(POSTING_KINDS), amountCents: Type.Integer({ minimum: 1, maximum: 9_000_000_000_000 }),
  ref: Type.String({ minLength: 1, maxLength: 100 }), description: Type.String({ minLength: 1, maxLength: 500 }),
  fromCommitment: Type.Optional(Type.Boolean()), bookedOn: Type.Optional(Type.String({ format: 'date' })),
}, { additionalProperties: false })
export type PostingBody = Static<typeof PostingBody>

export const StaffCostBody = Type.Object({
  month: Type.Integer({ minimum: 1, maximum: 12 }), amountCents: Type.Integer({ minimum: 1, maximum: 9_000_000_000_000 }),
  category: Type.Optional(Category), description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false })
export type StaffCostBody = Static<typeof StaffCostBody>

export const ExecutionQuery = Type.Object({ asOf: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false })
export const ExecutionMonth = Type.Object({
  month: Type.Integer({ minimum: 1, maximum: 12 }), spentCents: Cents, cumulativeSpentCents: Cents,
  committedCents: Cents, remainingCents: SignedCents, forecast: Type.Boolean(),
})
export const ExecutionLine = Type.Object({
  category: Type.String(), label: Type.String(), plannedCents: Cents, committedCents: Cents, spentCents: Cents,
  forecastCents: Cents, forecastDifferenceCents: SignedCents,
})
export const Execution = Type.Object({
  year: Year, asOf: Type.String({ format: 'date' }), monthsElapsed: Type.Integer({ minimum: 0, maximum: 12 }),
  plannedCents: Cents, months: Type.Array(ExecutionMonth), lines: Type.Array(ExecutionLine),
  forecastCents: Cents, forecastDifferenceCents: SignedCents,
})
export type Execution = Static<typeof Execution>

export const REALLOCATION_STATUSES = ['proposed', 'approved', 'rejected'] as const
export const Reallocation = Type.Object({
  id: Id, fromCategory: Type.String(), fromLabel: Type.String(), toCategory: Type.String(), toLabel: Type.String(),
  amountCents: Cents, reason: Type.String(), status: Type.Enum(REALLOCATION_STATUSES),
  proposedBy: Nullable(NamedRef), proposedAt: Timestamp, decidedBy: Nullable(NamedRef), decidedAt: Nullable(Timestamp),
  decisionNote: Nullable(Type.String()),
  /** for a proposal: the rules it would break or break further if approved now */
  violations: Type.Array(ViolationSchema),
})
export type Reallocation = Static<typeof Reallocation>
export const ReallocationList = Type.Object({ items: Type.Array(Reallocation) })
export type ReallocationList = Static<typeof ReallocationList>
export const ReallocationBody = Type.Object({
  fromCategory: Category, toCategory: Category, amountCents: Type.Integer({ minimum: 1, maximum: 9_000_000_000_000 }),
  reason: Type.String({ minLength: 3, maxLength: 1000 }),
}, { additionalProperties: false })
export type ReallocationBody = Static<typeof ReallocationBody>
export const DecisionBody = Type.Object({ note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false })

export const EmptyBody = Type.Object({}, { additionalProperties: false })

export const ImportBody = Type.Object({
  programmeId: Id, year: Year, format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  /** CSV text, or the XLSX file in base64 */
  content: Type.String({ minLength: 1, maxLength: 700_000 }),
}, { additionalProperties: false })
export type ImportBody = Static<typeof ImportBody>
