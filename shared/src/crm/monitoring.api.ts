import { Type, type Static } from 'typebox'
import { Id, Nullable } from '../common.ts'
import { SIZE_CLASSES, type TimelineType } from './domain.ts'
import { FirmFilter } from './filter.api.ts'

/**
 * Network monitoring: the CRM dashboard of a chamber, a region and the whole network. Every firm
 * figure carries the FirmFilter that lists the same firms (drill-down from a bar to the firm list);
 * every touch figure carries the timeline feed query that lists the same touches.
 */

/** Bookkeeping on the timeline that is not a touch with the firm: left out of the touch counts. */
export const NON_TOUCH_TYPES = ['stage_change', 'registry_update', 'merge'] as const satisfies readonly TimelineType[]

/** Only active firms count on the dashboard; each drill-down filter says so too. */
export const DASHBOARD_BASE_FILTER: FirmFilter = { statuses: ['active'] }

export const DashboardRegionParams = Type.Object(
  { regionCode: Type.String({ pattern: '^[0-9]{2}$', description: 'ISTAT region code, e.g. 03 (Lombardia)' }) },
  { additionalProperties: false },
)
export type DashboardRegionParams = Static<typeof DashboardRegionParams>

export const DashboardQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'first day of the touch figures (default: 11 months before this month)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day of the touch figures (default: today)' })),
  },
  { additionalProperties: false },
)
export type DashboardQuery = Static<typeof DashboardQuery>

/** The chamber activity feed's query behind a touch figure (GET /chambers/:chamberId/timeline). */
const TouchDrill = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  authorId: Type.Optional(Id),
})

const Count = Type.Integer({ minimum: 0 })
const Drill = Nullable(FirmFilter, { description: 'the firm-list filter for these firms; null when no filter can express it (unknown value)' })

export const CrmDashboard = Type.Object({
  scope: Type.Union([Type.Literal('chamber'), Type.Literal('region'), Type.Literal('network')]),
  period: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
  firms: Type.Object({ count: Count, filter: FirmFilter }),
  reached: Type.Object({ count: Count, filter: FirmFilter }, { description: 'firms at stage 1 (informed) or beyond' }),
  byStage: Type.Array(Type.Object({ stage: Type.Integer({ minimum: 0, maximum: 6 }), count: Count, filter: FirmFilter })),
  bySection: Type.Array(Type.Object({
    section: Nullable(Type.String()), titleIt: Nullable(Type.String()), count: Count, filter: Drill,
  })),
  bySize: Type.Array(Type.Object({ sizeClass: Nullable(Type.Enum(SIZE_CLASSES)), count: Count, filter: Drill })),
  touchesByMonth: Type.Array(Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), count: Count, timeline: TouchDrill })),
  touchesByAuthor: Type.Optional(Type.Array(Type.Object({ userId: Id, name: Type.String(), count: Count, timeline: TouchDrill }))),
  perChamber: Type.Optional(Type.Array(Type.Object({
    chamberId: Id, name: Type.String(), mergedIntoId: Nullable(Id), firms: Count, reached: Count, filter: FirmFilter,
  }))),
})
export type CrmDashboard = Static<typeof CrmDashboard>

export const DashboardCsv = Type.String({ description: 'text/csv (semicolon-separated, UTF-8 with BOM), Italian headers' })
