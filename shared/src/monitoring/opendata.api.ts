import { Type, type Static } from 'typebox'

/**
 * Network monitoring's open data (issue 16): an anonymous, aggregated yearly export a chamber, a
 * region or the network can publish as it is - CSV plus a Frictionless Table Schema describing it.
 * No cell can single out a firm: counts under OPEN_DATA_THRESHOLD are suppressed, with their
 * complements (see server/src/modules/monitoring/opendata.ts).
 */

/** A count from 1 to K-1 is never published (nor a money sum over so few). */
export const OPEN_DATA_THRESHOLD = 5

/**
 * The metrics exported: those counting firms or their activity, and the euros granted (a sum,
 * published only when its count, `voucher_grants`, is). Left out: `assessment_score_sum` (only
 * serves a mean) and `voucher_paid_cents` (payments carry no count of their own to protect them).
 */
export const OPEN_DATA_METRICS = [
  'firms_reached', 'touches', 'stage_advances', 'referrals', 'referrals_completed', 'mailing_recipients',
  'events_held', 'event_attendances', 'assessments', 'mentoring_pairs', 'mentoring_sessions',
  'voucher_applications', 'voucher_grants', 'voucher_granted_cents',
] as const
export type OpenDataMetric = (typeof OPEN_DATA_METRICS)[number]

/** Each money metric and the count whose suppression it follows. */
export const OPEN_DATA_MONEY: Partial<Record<OpenDataMetric, OpenDataMetric>> = { voucher_granted_cents: 'voucher_grants' }

/** Section and size class when the source keeps none (events, mentoring, vouchers): "non disponibile". */
export const OPEN_DATA_UNKNOWN = 'ND'

/** Section and size class of a table merged into its total, when its breakdown would give a small cell away. */
export const OPEN_DATA_TOTAL = 'TOT'

/** The CSV's columns, in order (English snake_case; titles in Italian in the schema). */
export const OPEN_DATA_COLUMNS = ['chamber_id', 'chamber_name', 'year', 'ateco_section', 'size_class', 'metric', 'unit', 'value', 'suppressed'] as const

export const OpenDataQuery = Type.Object({
  year: Type.Integer({ minimum: 2017, maximum: 2100, description: 'The calendar year exported (Europe/Rome months)' }),
}, { additionalProperties: false })
export type OpenDataQuery = Static<typeof OpenDataQuery>

export const OpenDataCsv = Type.String({
  description: 'text/csv (comma-separated, UTF-8, no BOM), English snake_case headers; described by open-data.schema.json',
})

const Constraints = Type.Object({
  required: Type.Optional(Type.Boolean()),
  minimum: Type.Optional(Type.Integer()),
  maximum: Type.Optional(Type.Integer()),
  enum: Type.Optional(Type.Array(Type.String())),
  pattern: Type.Optional(Type.String()),
}, { additionalProperties: false })

/** A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) of the CSV. */
export const OpenDataSchema = Type.Object({
  $schema: Type.String(),
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  fields: Type.Array(Type.Object({
    name: Type.String(),
    type: Type.Union([Type.Literal('string'), Type.Literal('integer'), Type.Literal('boolean')]),
    title: Type.String(),
    description: Type.String(),
    constraints: Constraints,
    trueValues: Type.Optional(Type.Array(Type.String())),
    falseValues: Type.Optional(Type.Array(Type.String())),
  }, { additionalProperties: false })),
  missingValues: Type.Array(Type.String()),
  primaryKey: Type.Array(Type.String()),
}, { additionalProperties: false })
export type OpenDataSchema = Static<typeof OpenDataSchema>
