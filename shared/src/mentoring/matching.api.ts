import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, PageQuery, Text, Timestamp } from '../common.ts'
import { MATCH_STATUSES, MentoringAreaSchema, MentoringLanguageSchema, MentoringModeSchema, REQUEST_SOURCES, REQUEST_STATUSES } from './vocab.ts'

// Schemas of mentoring's matching part (routes in server/src/modules/mentoring/matching).
export * from './suggestion-score.ts'

const Ref = Type.Object({ id: Id, name: Type.String() })
const DayString = Type.String({ format: 'date' })

export const MentoringRequestParams = Type.Object({ chamberId: Id, requestId: Id }, { additionalProperties: false })
export type MentoringRequestParams = Static<typeof MentoringRequestParams>
export const MentoringMatchParams = Type.Object({ chamberId: Id, requestId: Id, matchId: Id }, { additionalProperties: false })
export const MentorProposalParams = Type.Object({ matchId: Id }, { additionalProperties: false })
export const FirmRequestParams = Type.Object({ requestId: Id }, { additionalProperties: false })

/** Staff open a request for a firm of the chamber, or from a plan item of kind 'mentoring' (need and area default to the item's). */
export const CreateMentoringRequestBody = Type.Object({
  firmId: Type.Optional(Id),
  planItemId: Type.Optional(Id),
  need: Type.Optional(Text(2000)),
  area: Type.Optional(MentoringAreaSchema),
  preferredMode: Type.Optional(Nullable(MentoringModeSchema)),
  language: Type.Optional(MentoringLanguageSchema),
}, { additionalProperties: false })
export type CreateMentoringRequestBody = Static<typeof CreateMentoringRequestBody>

/** The firm asks for a mentor itself. */
export const FirmCreateMentoringRequestBody = Type.Object({
  need: Text(2000),
  area: MentoringAreaSchema,
  preferredMode: Type.Optional(Nullable(MentoringModeSchema)),
  language: Type.Optional(MentoringLanguageSchema),
}, { additionalProperties: false })
export type FirmCreateMentoringRequestBody = Static<typeof FirmCreateMentoringRequestBody>

export const MentoringRequestListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Enum(REQUEST_STATUSES)),
  source: Type.Optional(Type.Enum(REQUEST_SOURCES)),
  area: Type.Optional(MentoringAreaSchema),
  firmId: Type.Optional(Id),
}, { additionalProperties: false })
export type MentoringRequestListQuery = Static<typeof MentoringRequestListQuery>

export const ExplanationLineSchema = Type.Object({
  criterion: Type.String(),
  points: Type.Integer(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
})

/** A match as the request shows it. */
export const MentoringMatchSummary = Type.Object({
  id: Id,
  mentor: Ref,
  status: Type.Enum(MATCH_STATUSES),
  score: Nullable(Type.Integer()),
  explanation: Type.Array(ExplanationLineSchema),
  proposedAt: Timestamp,
  respondedAt: Nullable(Timestamp),
  declineReason: Nullable(Type.String()),
})
export type MentoringMatchSummary = Static<typeof MentoringMatchSummary>

export const MentoringRequest = Type.Object({
  id: Id,
  chamberId: Id,
  firm: Ref,
  source: Type.Enum(REQUEST_SOURCES),
  planItemId: Nullable(Id),
  need: Type.String(),
  area: Type.String(),
  preferredMode: Nullable(MentoringModeSchema),
  language: Type.String(),
  status: Type.Enum(REQUEST_STATUSES),
  createdAt: Timestamp,
  matchedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  /** matched_at - created_at, in seconds (null until matched). */
  timeToMatchSeconds: Nullable(Type.Integer()),
  /** The live match (proposed or accepted), if any. */
  liveMatch: Nullable(MentoringMatchSummary),
  matches: Type.Array(MentoringMatchSummary),
})
export type MentoringRequest = Static<typeof MentoringRequest>
export const MentoringRequestPage = Page(MentoringRequest)
export type MentoringRequestPage = Static<typeof MentoringRequestPage>

/** What the firm sees of its requests (no scores, no other mentors). */
export const FirmMentoringRequest = Type.Object({
  id: Id,
  need: Type.String(),
  area: Type.String(),
  preferredMode: Nullable(MentoringModeSchema),
  language: Type.String(),
  source: Type.Enum(REQUEST_SOURCES),
  status: Type.Enum(REQUEST_STATUSES),
  createdAt: Timestamp,
  matchedAt: Nullable(Timestamp),
  mentorName: Nullable(Type.String()),
})
export type FirmMentoringRequest = Static<typeof FirmMentoringRequest>
export const FirmMentoringRequestList = Type.Object({ items: Type.Array(FirmMentoringRequest) })
export type FirmMentoringRequestList = Static<typeof FirmMentoringRequestList>

export const MentoringSuggestion = Type.Object({
  mentor: Type.Object({ id: Id, name: Type.String(), chamberName: Type.String(), expertise: Type.Array(Type.String()),
    languages: Type.Array(Type.String()), modes: Type.Array(Type.String()), provinces: Type.Array(Type.String()) }),
  score: Type.Integer(),
  lines: Type.Array(ExplanationLineSchema),
  accepted: Type.Integer(),
  maxMentees: Type.Integer(),
  atCapacity: Type.Boolean(),
  /** Why the mentor may not be proposed (empty: it may). */
  blockers: Type.Array(Type.String()),
})
export type MentoringSuggestion = Static<typeof MentoringSuggestion>
export const MentoringSuggestionList = Type.Object({
  weakest: Type.Array(Type.Object({ dimension: Type.String(), score: Type.Integer() })),
  /** Mentors that may be proposed, best first. */
  items: Type.Array(MentoringSuggestion),
  /** Mentors the gates block, with the reasons. */
  blocked: Type.Array(MentoringSuggestion),
})
export type MentoringSuggestionList = Static<typeof MentoringSuggestionList>

export const ProposeMentorBody = Type.Object({ mentorId: Id }, { additionalProperties: false })
export type ProposeMentorBody = Static<typeof ProposeMentorBody>
export const DeclineProposalBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false })
export type DeclineProposalBody = Static<typeof DeclineProposalBody>

/** A proposal as the mentor sees it in its area. */
export const MentorProposal = Type.Object({
  id: Id,
  requestId: Id,
  firm: Type.Object({ id: Id, name: Type.String(), provinceCode: Type.String(), atecoSection: Nullable(Type.String()) }),
  need: Type.String(),
  area: Type.String(),
  preferredMode: Nullable(MentoringModeSchema),
  language: Type.String(),
  status: Type.Enum(MATCH_STATUSES),
  score: Nullable(Type.Integer()),
  explanation: Type.Array(ExplanationLineSchema),
  proposedAt: Timestamp,
  respondedAt: Nullable(Timestamp),
  declineReason: Nullable(Type.String()),
  t0Overall: Nullable(Type.Integer()),
  t0Level: Nullable(Type.Integer()),
})
export type MentorProposal = Static<typeof MentorProposal>
export const MentorProposalList = Type.Object({ items: Type.Array(MentorProposal) })
export type MentorProposalList = Static<typeof MentorProposalList>

// Matchmaking days (speed mentoring).
export const MentoringDayParams = Type.Object({ chamberId: Id, dayId: Id }, { additionalProperties: false })
export const MentoringSlotParams = Type.Object({ chamberId: Id, dayId: Id, slotId: Id }, { additionalProperties: false })
export const FirmSlotParams = Type.Object({ slotId: Id }, { additionalProperties: false })

export const CreateMentoringDayBody = Type.Object({
  title: Text(200),
  day: DayString,
  place: Type.Optional(Type.String({ maxLength: 300 })),
  onlineUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://' }))),
  eventId: Type.Optional(Nullable(Id)),
}, { additionalProperties: false })
export type CreateMentoringDayBody = Static<typeof CreateMentoringDayBody>

export const CreateMentoringSlotBody = Type.Object({
  startsAt: Timestamp,
  minutes: Type.Integer({ minimum: 5, maximum: 240 }),
  mentorId: Type.Optional(Nullable(Id)),
  topic: Type.Optional(Type.String({ maxLength: 300 })),
}, { additionalProperties: false })
export type CreateMentoringSlotBody = Static<typeof CreateMentoringSlotBody>

export const BookMentoringSlotBody = Type.Object({ firmId: Id, topic: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false })
export type BookMentoringSlotBody = Static<typeof BookMentoringSlotBody>
export const FirmBookSlotBody = Type.Object({ topic: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false })

export const MentoringSlot = Type.Object({
  id: Id,
  dayId: Id,
  startsAt: Timestamp,
  minutes: Type.Integer(),
  mentor: Nullable(Ref),
  firm: Nullable(Ref),
  topic: Nullable(Type.String()),
  bookedAt: Nullable(Timestamp),
})
export type MentoringSlot = Static<typeof MentoringSlot>

export const MentoringDay = Type.Object({
  id: Id,
  title: Type.String(),
  day: DayString,
  place: Type.String(),
  onlineUrl: Nullable(Type.String()),
  event: Nullable(Type.Object({ id: Id, title: Type.String() })),
  slots: Type.Array(MentoringSlot),
})
export type MentoringDay = Static<typeof MentoringDay>
export const MentoringDayList = Type.Object({ items: Type.Array(MentoringDay) })
export type MentoringDayList = Static<typeof MentoringDayList>

/** A slot as a firm sees it: the mentor's name, free or taken (by itself or someone). */
export const FirmMentoringSlot = Type.Object({
  id: Id,
  dayTitle: Type.String(),
  day: DayString,
  place: Type.String(),
  onlineUrl: Nullable(Type.String()),
  startsAt: Timestamp,
  minutes: Type.Integer(),
  mentorName: Nullable(Type.String()),
  free: Type.Boolean(),
  mine: Type.Boolean(),
})
export type FirmMentoringSlot = Static<typeof FirmMentoringSlot>
export const FirmMentoringSlotList = Type.Object({ items: Type.Array(FirmMentoringSlot) })
export type FirmMentoringSlotList = Static<typeof FirmMentoringSlotList>

/** Active mentors of the network by name, for a slot's mentor picker. */
export const MentorOptionList = Type.Object({ items: Type.Array(Type.Object({ id: Id, name: Type.String(), chamberName: Type.String() })) })
export type MentorOptionList = Static<typeof MentorOptionList>
