import { Type, type Static } from 'typebox'
import { Id, Nullable, PageQuery, Timestamp } from '../common.ts'
import { MATCH_OUTCOMES, MentoringModeSchema } from './vocab.ts'

// Schemas of mentoring's engagement part (routes in server/src/modules/mentoring/engagement).

const Day = Type.String({ format: 'date' })

/** A pair (an accepted or closed match) in the chamber of the path. */
export const EngagementMatchParams = Type.Object({ chamberId: Id, matchId: Id }, { additionalProperties: false })
export type EngagementMatchParams = Static<typeof EngagementMatchParams>
/** A pair of the signed-in mentor. */
export const MyMatchParams = Type.Object({ matchId: Id }, { additionalProperties: false })
export type MyMatchParams = Static<typeof MyMatchParams>

/** A goal of the agreement: its key stays the same when the text is edited (progress is kept by key). */
export const GoalKey = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' })
export const AgreementGoal = Type.Object({ key: GoalKey, text: Type.String({ minLength: 1, maxLength: 500 }) })
export type AgreementGoal = Static<typeof AgreementGoal>
export const AgreementGoalInput = Type.Object({
  key: Type.Optional(GoalKey),
  text: Type.String({ minLength: 1, maxLength: 500 }),
}, { additionalProperties: false })

export const AgreementBody = Type.Object({
  goals: Type.Array(AgreementGoalInput, { minItems: 1, maxItems: 10 }),
  plannedSessions: Type.Integer({ minimum: 1, maximum: 100 }),
  plannedMonths: Type.Integer({ minimum: 1, maximum: 36 }),
  startsOn: Day,
}, { additionalProperties: false })
export type AgreementBody = Static<typeof AgreementBody>

export const Agreement = Type.Object({
  goals: Type.Array(AgreementGoal),
  plannedSessions: Type.Integer(),
  plannedMonths: Type.Integer(),
  startsOn: Day,
  mentorAcceptedAt: Nullable(Timestamp),
  firmAcceptedAt: Nullable(Timestamp),
  firmAcceptedBy: Nullable(Type.String()),
  /** Both sides accepted: sessions may be logged, the text is locked. */
  inForce: Type.Boolean(),
  updatedAt: Timestamp,
})
export type Agreement = Static<typeof Agreement>

export const SessionBody = Type.Object({
  heldAt: Timestamp,
  minutes: Type.Integer({ minimum: 5, maximum: 600 }),
  mode: MentoringModeSchema,
  /** The meeting's address, for a web session. */
  webLink: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }))),
  /** What the firm reads. */
  summary: Type.String({ maxLength: 4000 }),
  /** Only the mentor and the coordinator read these. */
  confidentialNotes: Type.Optional(Type.String({ maxLength: 4000 })),
  /** Each goal's progress (0-100) after this session, by goal key. */
  progress: Type.Optional(Type.Record(GoalKey, Type.Integer({ minimum: 0, maximum: 100 }))),
}, { additionalProperties: false })
export type SessionBody = Static<typeof SessionBody>

export const MentoringSession = Type.Object({
  id: Id,
  heldAt: Timestamp,
  minutes: Type.Integer(),
  mode: MentoringModeSchema,
  webLink: Nullable(Type.String()),
  summary: Type.String(),
  /** Present only for the mentor and for those who may read confidential notes. */
  confidentialNotes: Type.Optional(Type.String()),
  progress: Type.Record(Type.String(), Type.Integer()),
  createdAt: Timestamp,
})
export type MentoringSession = Static<typeof MentoringSession>
export const MentoringSessionList = Type.Object({ items: Type.Array(MentoringSession) })
export type MentoringSessionList = Static<typeof MentoringSessionList>

export const MatchOutcomeSchema = Type.Enum(MATCH_OUTCOMES)
export const CloseMatchBody = Type.Object({
  outcome: MatchOutcomeSchema,
  notes: Type.String({ maxLength: 4000 }),
}, { additionalProperties: false })
export type CloseMatchBody = Static<typeof CloseMatchBody>

export const FeedbackBody = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.String({ maxLength: 2000 }),
}, { additionalProperties: false })
export type FeedbackBody = Static<typeof FeedbackBody>

export const MentoringFeedback = Type.Object({
  side: Type.Union([Type.Literal('mentor'), Type.Literal('firm')]),
  rating: Type.Integer(),
  comment: Type.String(),
  givenAt: Timestamp,
})
export type MentoringFeedback = Static<typeof MentoringFeedback>

/** A pair as the lists show it. */
export const EngagementMatchItem = Type.Object({
  id: Id,
  status: Type.String(),
  firm: Type.Object({ id: Id, name: Type.String() }),
  mentor: Type.Object({ id: Id, name: Type.String() }),
  area: Type.String(),
  need: Type.String(),
  respondedAt: Nullable(Timestamp),
  agreementInForce: Type.Boolean(),
  sessionsHeld: Type.Integer(),
  plannedSessions: Nullable(Type.Integer()),
  minutesHeld: Type.Integer(),
  lastSessionAt: Nullable(Timestamp),
  /** The goals' mean progress (0-100) by the latest session, null before any. */
  goalsProgress: Nullable(Type.Integer()),
  closedAt: Nullable(Timestamp),
  outcome: Nullable(MatchOutcomeSchema),
})
export type EngagementMatchItem = Static<typeof EngagementMatchItem>

export const EngagementMatchListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('closed')])),
  mentorId: Type.Optional(Id),
  ...PageQuery.properties,
}, { additionalProperties: false })
export type EngagementMatchListQuery = Static<typeof EngagementMatchListQuery>
/** The pairs' export: the list's filters and the file's format (never the confidential notes). */
export const PairsExportQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('closed')])),
  mentorId: Type.Optional(Id),
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
}, { additionalProperties: false })
export type PairsExportQuery = Static<typeof PairsExportQuery>
export const EngagementMatchPage = Type.Object({ items: Type.Array(EngagementMatchItem), nextCursor: Nullable(Type.String()) })
export type EngagementMatchPage = Static<typeof EngagementMatchPage>
export const MyMatchList = Type.Object({ items: Type.Array(EngagementMatchItem) })
export type MyMatchList = Static<typeof MyMatchList>

const Maturity = Type.Object({ overall: Type.Integer(), level: Type.Integer() })
/** The firm's maturity at the match (T0) and its latest completed assessment after it (T1). */
export const MaturityChange = Type.Object({
  t0: Nullable(Maturity),
  t1: Nullable(Type.Object({ ...Maturity.properties, submittedAt: Timestamp })),
  /** T1 - T0, when both are known. */
  points: Nullable(Type.Integer()),
  levels: Nullable(Type.Integer()),
})
export type MaturityChange = Static<typeof MaturityChange>

/** A pair's page (staff and the mentor). */
export const EngagementMatch = Type.Object({
  ...EngagementMatchItem.properties,
  outcomeNotes: Nullable(Type.String()),
  agreement: Nullable(Agreement),
  sessions: Type.Array(MentoringSession),
  feedback: Type.Array(MentoringFeedback),
  maturity: MaturityChange,
  /** Whether the answer carries the sessions' confidential notes. */
  notesVisible: Type.Boolean(),
})
export type EngagementMatch = Static<typeof EngagementMatch>

/** The mentor as the firm sees it: how to reach it only once the agreement is in force. */
export const FirmMentorCard = Type.Object({
  name: Type.String(),
  bio: Type.String(),
  expertise: Type.Array(Type.String()),
  modes: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
})
export const FirmMentoringSession = Type.Omit(MentoringSession, ['confidentialNotes'])
export const FirmMentoringMatch = Type.Object({
  id: Id,
  status: Type.String(),
  area: Type.String({ description: 'a code of MENTORING_AREAS' }),
  need: Type.String(),
  respondedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  outcome: Nullable(MatchOutcomeSchema),
  mentor: FirmMentorCard,
  agreement: Nullable(Agreement),
  sessions: Type.Array(FirmMentoringSession),
  /** The firm's own feedback, once given. */
  feedback: Nullable(MentoringFeedback),
})
export type FirmMentoringMatch = Static<typeof FirmMentoringMatch>
export const FirmMentoringHome = Type.Object({
  firm: Type.Object({ id: Id, name: Type.String() }),
  matches: Type.Array(FirmMentoringMatch),
})
export type FirmMentoringHome = Static<typeof FirmMentoringHome>

export const FirmAgreementAcceptBody = Type.Object({
  matchId: Id,
  /** Who accepts for the firm (name and role). */
  acceptedBy: Type.String({ minLength: 2, maxLength: 200 }),
}, { additionalProperties: false })
export type FirmAgreementAcceptBody = Static<typeof FirmAgreementAcceptBody>
export const FirmFeedbackBody = Type.Object({ matchId: Id, ...FeedbackBody.properties }, { additionalProperties: false })
export type FirmFeedbackBody = Static<typeof FirmFeedbackBody>
