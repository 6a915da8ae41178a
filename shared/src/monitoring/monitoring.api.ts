import { Type, type Static } from 'typebox'
import { Id, Nullable, Timestamp } from '../common.ts'
import { SIZE_CLASSES } from '../crm/domain.ts'

/**
 * Network monitoring (issue 16): the figures chambers, regions and the nation steer by. Every
 * module feeds its own monthly facts (counts and sums per chamber, month, ATECO section and size
 * class) through its public face; the monitoring module keeps them as maintained aggregates,
 * refreshed every minute, and answers from them.
 */

/**
 * The monthly facts. All are summable over months and chambers (a firm counted by `firms_reached`
 * in the month of its first touch, so a year's sum is the firms newly reached that year);
 * `assessment_score_sum` only serves the mean maturity (sum / assessments).
 */
export const MONITORING_METRICS = [
  // crm
  'firms_reached', 'touches', 'stage_advances', 'referrals', 'referrals_completed', 'mailing_recipients',
  // experience centre
  'events_held', 'event_attendances',
  // assessment
  'assessments', 'assessment_score_sum',
  // mentoring
  'mentoring_pairs', 'mentoring_sessions',
  // vouchers
  'voucher_applications', 'voucher_grants', 'voucher_granted_cents', 'voucher_paid_cents',
] as const
export type MonitoringMetric = (typeof MONITORING_METRICS)[number]

/** What a leader sets a yearly target for (the seed: firms to reach, assessments, events, euros to firms). */
export const TARGET_METRICS = ['firms_reached', 'assessments', 'events_held', 'voucher_paid_cents'] as const
export type TargetMetric = (typeof TARGET_METRICS)[number]

export const GRANULARITIES = ['month', 'quarter', 'year'] as const
export type Granularity = (typeof GRANULARITIES)[number]

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })
const Count = Type.Integer({ minimum: 0 })

export const FiguresQuery = Type.Object({
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  granularity: Type.Optional(Type.Enum(GRANULARITIES, { default: 'month' })),
  section: Type.Optional(Type.String({ pattern: '^[A-U]$', description: 'ATECO 2025 section' })),
  sizeClass: Type.Optional(Type.Enum(SIZE_CLASSES)),
}, { additionalProperties: false, description: 'from/to default to the last 12 months (this one included)' })
export type FiguresQuery = Static<typeof FiguresQuery>

export const MonitoringScope = Type.Union([Type.Literal('chamber'), Type.Literal('region'), Type.Literal('network')])
export type MonitoringScope = Static<typeof MonitoringScope>

export const MonitoringFigures = Type.Object({
  scope: MonitoringScope,
  granularity: Type.Enum(GRANULARITIES),
  /** '2026-03' (month), '2026-Q1' (quarter), '2026' (year), oldest first. */
  periods: Type.Array(Type.String()),
  /** One value per period for every metric (0 where nothing happened); euro metrics in cents. */
  series: Type.Array(Type.Object({ metric: Type.Enum(MONITORING_METRICS), values: Type.Array(Type.Integer()) })),
  /** Mean self-assessed maturity (0-100, one decimal) per period; null without assessments. */
  meanMaturity: Type.Array(Nullable(Type.Number())),
  /** Region and network: the same totals per chamber over the whole range, side by side. */
  perChamber: Type.Optional(Type.Array(Type.Object({
    chamberId: Id, name: Type.String(), provinceCodes: Type.Array(Type.String()),
    totals: Type.Record(Type.String(), Type.Integer(), { description: 'metric -> total over the range' }),
  }))),
  /** When the aggregates were last brought up to date (at most a minute ago when the jobs run). */
  updatedAt: Nullable(Timestamp),
})
export type MonitoringFigures = Static<typeof MonitoringFigures>

export const FunnelQuery = Type.Object({
  section: Type.Optional(Type.String({ pattern: '^[A-U]$' })),
  sizeClass: Type.Optional(Type.Enum(SIZE_CLASSES)),
}, { additionalProperties: false })
export type FunnelQuery = Static<typeof FunnelQuery>

/** The awareness path now: firms at each stage (0-6) and the share that went on from the one before. */
export const MonitoringFunnel = Type.Object({
  scope: MonitoringScope,
  stages: Type.Array(Type.Object({
    stage: Type.Integer({ minimum: 0, maximum: 6 }),
    firms: Count,
    /** Firms at this stage or beyond. */
    reached: Count,
    /** reached(stage) / reached(stage - 1) in percent, one decimal; null for stage 0 or an empty previous stage. */
    conversion: Nullable(Type.Number()),
  })),
  updatedAt: Nullable(Timestamp),
})
export type MonitoringFunnel = Static<typeof MonitoringFunnel>

export const TargetsQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2017, maximum: 2100 })) }, { additionalProperties: false })
export type TargetsQuery = Static<typeof TargetsQuery>
export const TargetYearParams = Type.Object({ chamberId: Id, year: Type.Integer({ minimum: 2017, maximum: 2100 }) }, { additionalProperties: false })
export type TargetYearParams = Static<typeof TargetYearParams>

const TargetLine = Type.Object({
  metric: Type.Enum(TARGET_METRICS),
  target: Nullable(Type.Integer({ minimum: 0 })),
  /** The year's figure so far (from the aggregates). */
  actual: Type.Integer({ minimum: 0 }),
  /** actual / target in percent, one decimal; null without a target. */
  progress: Nullable(Type.Number()),
})

export const ChamberTargets = Type.Object({
  chamberId: Id, name: Type.String(), year: Type.Integer(),
  items: Type.Array(TargetLine),
  updatedAt: Nullable(Timestamp),
  updatedBy: Nullable(Type.String()),
})
export type ChamberTargets = Static<typeof ChamberTargets>

/** Region and network: every chamber's targets and progress, side by side. */
export const TargetsOverview = Type.Object({ year: Type.Integer(), chambers: Type.Array(ChamberTargets) })
export type TargetsOverview = Static<typeof TargetsOverview>

/** Setting a chamber's year: every target metric, a whole number (cents for euros) or null to clear it. */
const TargetValue = Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }))
export const SetTargetsBody = Type.Object({
  targets: Type.Object({
    firms_reached: TargetValue, assessments: TargetValue, events_held: TargetValue, voucher_paid_cents: TargetValue,
  } satisfies Record<TargetMetric, typeof TargetValue>, { additionalProperties: false }),
}, { additionalProperties: false })
export type SetTargetsBody = Static<typeof SetTargetsBody>
