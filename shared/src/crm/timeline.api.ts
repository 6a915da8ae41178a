import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Page, PageQuery, Timestamp } from '../common.ts'
import { TIMELINE_TYPES } from './domain.ts'

/**
 * A firm's timeline and awareness stage: the API contract of the CRM's timeline routes.
 */

/** Touches staff log by hand; the other types belong to the module that owns them (assessment, voucher...). */
export const LOGGABLE_TYPES = [
  'desk_visit', 'call', 'email', 'promoter_visit', 'event_attendance', 'workshop', 'co_design', 'note',
] as const satisfies readonly (typeof TIMELINE_TYPES)[number][]
export type LoggableType = (typeof LOGGABLE_TYPES)[number]

/** How far in the future a hand-logged touch may be dated (clock skew between devices). */
export const TIMELINE_FUTURE_TOLERANCE_MS = 5 * 60_000

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD (Europe/Rome calendar day)' })
const StageNumber = Type.Integer({ minimum: 0, maximum: 6 })

export const TimelineFirmParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export type TimelineFirmParams = Static<typeof TimelineFirmParams>

/** Filters common to a firm's timeline and the chamber's activity feed; days are inclusive. */
const timelineFilters = {
  types: Type.Optional(Type.Array(Type.Enum(TIMELINE_TYPES), { maxItems: TIMELINE_TYPES.length, uniqueItems: true })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  authorId: Type.Optional(Id),
  ...PageQuery.properties,
}
export const TimelineQuery = Type.Object(timelineFilters, { additionalProperties: false })
export type TimelineQuery = Static<typeof TimelineQuery>


export const TimelineEvent = Type.Object({
  id: Id,
  firm: NamedRef,
  type: Type.Enum(TIMELINE_TYPES),
  occurredAt: Timestamp,
  summary: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  author: Nullable(NamedRef, { description: 'the staff or partner user who recorded it; null for the system' }),
  partner: Nullable(NamedRef, { description: 'the partner organisation involved, if any' }),
  contact: Type.Union([
    Type.Object({
      id: Id,
      name: Nullable(Type.String(), { description: 'null once the person has been erased (GDPR)' }),
      anonymous: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  sourceModule: Type.String({ description: "the module that wrote it: 'crm', 'assessment', 'vouchers', ..." }),
  createdAt: Timestamp,
})
export type TimelineEvent = Static<typeof TimelineEvent>

export const TimelinePage = Page(TimelineEvent)
export type TimelinePage = Static<typeof TimelinePage>

/** Free details of a hand-logged touch: a few flat values, bounded. */
const DetailValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()])
export const TimelineDetails = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }), DetailValue, {
  maxProperties: 20, description: 'flat key/value details (at most 20, strings up to 500 characters)',
})

export const LogEventBody = Type.Object(
  {
    type: Type.Enum(LOGGABLE_TYPES),
    occurredAt: Type.String({ format: 'date-time', description: 'when it happened; not in the future' }),
    summary: Type.String({ minLength: 1, maxLength: 2000 }),
    contactId: Type.Optional(Id),
    details: Type.Optional(TimelineDetails),
  },
  { additionalProperties: false },
)
export type LogEventBody = Static<typeof LogEventBody>

export const LoggedEvent = Type.Object({
  event: TimelineEvent,
  stage: StageNumber,
  stageChanged: Type.Boolean({ description: 'whether this touch moved the firm along the awareness path' }),
})
export type LoggedEvent = Static<typeof LoggedEvent>

export const StageChangeEntry = Type.Object({
  id: Id,
  fromStage: StageNumber,
  toStage: StageNumber,
  automatic: Type.Boolean(),
  reason: Type.String(),
  eventId: Nullable(Id),
  changedBy: Nullable(NamedRef),
  changedAt: Timestamp,
})
export type StageChangeEntry = Static<typeof StageChangeEntry>

export const StageHistory = Type.Object({
  stage: StageNumber,
  stageChangedAt: Nullable(Timestamp),
  items: Type.Array(StageChangeEntry, { description: 'newest first' }),
})
export type StageHistory = Static<typeof StageHistory>

export const SetStageBody = Type.Object(
  {
    stage: StageNumber,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
)
export type SetStageBody = Static<typeof SetStageBody>
