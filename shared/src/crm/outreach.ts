import { Type, type Static } from 'typebox'
import { Id, Timestamp } from '../common.ts'
import { SIZE_CLASSES } from './domain.ts'
import { FirmFilter } from './filter.ts'

/**
 * Outreach: segments (saved firm filters) and campaigns that push a segment's firms to promoters.
 */

const NamedRef = Type.Object({ id: Id, name: Type.String() })
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const PageLimit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }))
const Cursor = Type.Optional(Type.String({ maxLength: 400 }))

export const SegmentParams = Type.Object({ chamberId: Id, segmentId: Id }, { additionalProperties: false })
export type SegmentParams = Static<typeof SegmentParams>

export const SegmentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    filter: FirmFilter,
  },
  { additionalProperties: false },
)
export type SegmentBody = Static<typeof SegmentBody>

export const Segment = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  filter: FirmFilter,
  createdBy: Type.Union([NamedRef, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Segment = Static<typeof Segment>

export const SegmentList = Type.Object({ items: Type.Array(Segment) })
export type SegmentList = Static<typeof SegmentList>

export const SegmentPreviewBody = Type.Object({ filter: FirmFilter }, { additionalProperties: false })
export type SegmentPreviewBody = Static<typeof SegmentPreviewBody>
export const SegmentCount = Type.Object({ count: Type.Integer({ minimum: 0 }) })

export const PageOnlyQuery = Type.Object({ cursor: Cursor, limit: PageLimit }, { additionalProperties: false })
export type PageOnlyQuery = Static<typeof PageOnlyQuery>

/** A firm as a segment or campaign lists it. */
export const SegmentFirm = Type.Object({
  id: Id,
  name: Type.String(),
  taxCode: Type.String(),
  stage: Type.Integer({ minimum: 0, maximum: 6 }),
  sizeClass: Type.Union([Type.Enum(SIZE_CLASSES), Type.Null()]),
  atecoCode: Type.Union([Type.String(), Type.Null()]),
  provinceCode: Type.String(),
  lastTouchAt: Type.Union([Timestamp, Type.Null()]),
})
export type SegmentFirm = Static<typeof SegmentFirm>
export const SegmentFirmPage = Type.Object({ items: Type.Array(SegmentFirm), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type SegmentFirmPage = Static<typeof SegmentFirmPage>

export const CAMPAIGN_OUTCOMES = ['pending', 'contacted', 'interested', 'not_interested', 'unreachable', 'converted'] as const
export type CampaignOutcome = (typeof CAMPAIGN_OUTCOMES)[number]
/** What a promoter may report; 'pending' is where every firm starts. */
export const REPORTABLE_OUTCOMES = ['contacted', 'interested', 'not_interested', 'unreachable', 'converted'] as const

export const CampaignParams = Type.Object({ chamberId: Id, campaignId: Id }, { additionalProperties: false })
export type CampaignParams = Static<typeof CampaignParams>
export const CampaignFirmParams = Type.Object({ chamberId: Id, campaignId: Id, firmId: Id }, { additionalProperties: false })
export type CampaignFirmParams = Static<typeof CampaignFirmParams>

export const CreateCampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 160 }),
    goal: Type.String({ minLength: 1, maxLength: 2000 }),
    segmentId: Id,
    startsOn: DateOnly,
    endsOn: Type.Optional(Type.Union([DateOnly, Type.Null()])),
    promoterIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type CreateCampaignBody = Static<typeof CreateCampaignBody>

const OutcomeCounts = Type.Object(Object.fromEntries(CAMPAIGN_OUTCOMES.map((o) => [o, Type.Integer({ minimum: 0 })])) as
  Record<CampaignOutcome, ReturnType<typeof Type.Integer>>)
export type OutcomeCounts = Record<CampaignOutcome, number>

export const CampaignProgress = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  byOutcome: OutcomeCounts,
  perPromoter: Type.Array(Type.Object({
    promoter: Type.Union([NamedRef, Type.Null()]),
    total: Type.Integer({ minimum: 0 }),
    byOutcome: OutcomeCounts,
  })),
})
export type CampaignProgress = Static<typeof CampaignProgress>

export const Campaign = Type.Object({
  id: Id,
  name: Type.String(),
  goal: Type.String(),
  segment: Type.Union([NamedRef, Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  startsOn: DateOnly,
  endsOn: Type.Union([DateOnly, Type.Null()]),
  createdBy: Type.Union([NamedRef, Type.Null()]),
  createdAt: Timestamp,
  progress: CampaignProgress,
})
export type Campaign = Static<typeof Campaign>

export const CampaignPage = Type.Object({ items: Type.Array(Campaign), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type CampaignPage = Static<typeof CampaignPage>

export const CampaignFirmQuery = Type.Object(
  {
    promoterId: Type.Optional(Id),
    outcome: Type.Optional(Type.Enum(CAMPAIGN_OUTCOMES)),
    cursor: Cursor,
    limit: PageLimit,
  },
  { additionalProperties: false },
)
export type CampaignFirmQuery = Static<typeof CampaignFirmQuery>

export const CampaignFirm = Type.Object({
  firm: SegmentFirm,
  promoter: Type.Union([NamedRef, Type.Null()]),
  outcome: Type.Enum(CAMPAIGN_OUTCOMES),
  outcomeNote: Type.Union([Type.String(), Type.Null()]),
  outcomeAt: Type.Union([Timestamp, Type.Null()]),
})
export type CampaignFirm = Static<typeof CampaignFirm>
export const CampaignFirmPage = Type.Object({ items: Type.Array(CampaignFirm), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type CampaignFirmPage = Static<typeof CampaignFirmPage>

export const SetOutcomeBody = Type.Object(
  {
    outcome: Type.Enum(REPORTABLE_OUTCOMES),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
)
export type SetOutcomeBody = Static<typeof SetOutcomeBody>
