import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Page, PageQuery, Timestamp } from '../common.ts'
import { SIZE_CLASSES } from './domain.ts'
import { FirmFilter } from './filter.api.ts'

/**
 * Outreach: segments (saved firm filters) and campaigns that push a segment's firms to promoters.
 */

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const SegmentParams = Type.Object({ chamberId: Id, segmentId: Id }, { additionalProperties: false })
export type SegmentParams = Static<typeof SegmentParams>

export const SegmentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    filter: FirmFilter,
  },
  { additionalProperties: false },
)
export type SegmentBody = Static<typeof SegmentBody>

export const Segment = Type.Object({
  id: Id,
  name: Type.String(),
  description: Nullable(Type.String()),
  filter: FirmFilter,
  createdBy: Nullable(NamedRef),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Segment = Static<typeof Segment>

export const SegmentList = Type.Object({ items: Type.Array(Segment) })
export type SegmentList = Static<typeof SegmentList>

export const SegmentPreviewBody = Type.Object({ filter: FirmFilter }, { additionalProperties: false })
export type SegmentPreviewBody = Static<typeof SegmentPreviewBody>
export const SegmentCount = Type.Object({ count: Type.Integer({ minimum: 0 }) })

/** A firm as a segment or campaign lists it. */
export const SegmentFirm = Type.Object({
  id: Id,
  name: Type.String(),
  taxCode: Type.String(),
  stage: Type.Integer({ minimum: 0, maximum: 6 }),
  sizeClass: Nullable(Type.Enum(SIZE_CLASSES)),
  atecoCode: Nullable(Type.String()),
  provinceCode: Type.String(),
  lastTouchAt: Nullable(Timestamp),
})
export type SegmentFirm = Static<typeof SegmentFirm>
export const SegmentFirmPage = Page(SegmentFirm)
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
    endsOn: Type.Optional(Nullable(DateOnly)),
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
    promoter: Nullable(NamedRef),
    total: Type.Integer({ minimum: 0 }),
    byOutcome: OutcomeCounts,
  })),
})
export type CampaignProgress = Static<typeof CampaignProgress>

export const Campaign = Type.Object({
  id: Id,
  name: Type.String(),
  goal: Type.String(),
  segment: Nullable(NamedRef),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  startsOn: DateOnly,
  endsOn: Nullable(DateOnly),
  createdBy: Nullable(NamedRef),
  createdAt: Timestamp,
  progress: CampaignProgress,
})
export type Campaign = Static<typeof Campaign>

export const CampaignPage = Page(Campaign)
export type CampaignPage = Static<typeof CampaignPage>

export const CampaignFirmQuery = Type.Object(
  {
    promoterId: Type.Optional(Id),
    outcome: Type.Optional(Type.Enum(CAMPAIGN_OUTCOMES)),
    ...PageQuery.properties,
  },
  { additionalProperties: false },
)
export type CampaignFirmQuery = Static<typeof CampaignFirmQuery>

export const CampaignFirm = Type.Object({
  firm: SegmentFirm,
  promoter: Nullable(NamedRef),
  outcome: Type.Enum(CAMPAIGN_OUTCOMES),
  outcomeNote: Nullable(Type.String()),
  outcomeAt: Nullable(Timestamp),
})
export type CampaignFirm = Static<typeof CampaignFirm>
export const CampaignFirmPage = Page(CampaignFirm)
export type CampaignFirmPage = Static<typeof CampaignFirmPage>

export const SetOutcomeBody = Type.Object(
  {
    outcome: Type.Enum(REPORTABLE_OUTCOMES),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
)
export type SetOutcomeBody = Static<typeof SetOutcomeBody>
