import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Timestamp } from '../common.ts'

/**
 * API contract of the experience centre's door and what follows the event: check-in (by QR token
 * or from the list, one at a time or a batch queued offline), walk-ins, attendance certificates,
 * the feedback survey, figures per event, per PID and per region, the event's costs.
 */

/** A check-in's own id, made by the device at the door: a retry carries the same one. */
const ClientId = Type.String({ format: 'uuid', description: 'made by the device at the door; a retry sends the same' })
/** The personal token the QR code carries (the registration's personal link). */
const RegistrationToken = Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })
const Name = Type.String({ minLength: 1, maxLength: 120 })

export const DoorEventParams = Type.Object({ chamberId: Id, eventId: Id }, { additionalProperties: false })
export const DoorRegistrationParams = Type.Object({ chamberId: Id, eventId: Id, registrationId: Id }, { additionalProperties: false })
export const DoorTokenParams = Type.Object({ token: RegistrationToken }, { additionalProperties: false })

export const DOOR_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled', 'expired'] as const
export const DOOR_SOURCES = ['public', 'staff', 'walk_in'] as const

/** One registration as the door's list shows it (compact: the tablet keeps the whole list for offline search). */
export const DoorEntry = Type.Object({
  id: Id,
  firmId: Id,
  firmName: Type.String(),
  firmTaxCode: Type.String(),
  personName: Type.String(),
  email: Type.String(),
  status: Type.Enum(DOOR_STATUSES),
  source: Type.Enum(DOOR_SOURCES),
  checkedInAt: Nullable(Timestamp),
})
export type DoorEntry = Static<typeof DoorEntry>

export const DoorListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'name, firm, tax code or e-mail (accent- and case-insensitive)' })),
}, { additionalProperties: false })
export const DoorList = Type.Object({
  event: Type.Object({ id: Id, title: Type.String(), kind: Type.String(), startsAt: Timestamp, endsAt: Timestamp, status: Type.String(),
    capacity: Type.Integer(), seatsTaken: Type.Integer() }),
  items: Type.Array(DoorEntry),
  checkedIn: Type.Integer({ minimum: 0 }),
})
export type DoorList = Static<typeof DoorList>

/** A check-in: by the QR code's token or by the registration's id (picked from the list). */
export const CheckinBody = Type.Object({
  id: ClientId,
  registrationId: Type.Optional(Id),
  token: Type.Optional(RegistrationToken),
  scannedAt: Type.Optional(Timestamp),
}, { additionalProperties: false })
export type CheckinBody = Static<typeof CheckinBody>

export const CHECKIN_OUTCOMES = ['checked_in', 'already_checked_in'] as const
export const CheckinResult = Type.Object({
  id: ClientId,
  outcome: Type.Enum(CHECKIN_OUTCOMES),
  entry: DoorEntry,
})
export type CheckinResult = Static<typeof CheckinResult>

/** The check-ins queued while offline, sent at once: each item has its own result. */
export const CheckinBatchBody = Type.Object({ items: Type.Array(CheckinBody, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false })
export type CheckinBatchBody = Static<typeof CheckinBatchBody>
export const BATCH_OUTCOMES = ['checked_in', 'already_checked_in', 'not_found', 'not_admitted', 'invalid'] as const
export const CheckinBatchResult = Type.Object({
  results: Type.Array(Type.Object({
    id: ClientId,
    outcome: Type.Enum(BATCH_OUTCOMES),
    entry: Nullable(DoorEntry),
    /** the registration's status when it cannot be checked in (waitlisted, cancelled, ...) */
    status: Type.Optional(Type.String()),
  })),
})
export type CheckinBatchResult = Static<typeof CheckinBatchResult>

export const WALK_IN_CONSENTS = ['service', 'newsletter', 'events', 'profiling', 'partner_sharing'] as const
/** Someone who came without registering: the firm (code and name), the person, the consents given at the door. */
export const WalkInBody = Type.Object({
  id: ClientId,
  firmCode: Type.String({ minLength: 11, maxLength: 16 }),
  firmName: Name,
  firstName: Name,
  lastName: Name,
  email: Email,
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  consents: Type.Array(Type.Enum(WALK_IN_CONSENTS), { maxItems: 5, uniqueItems: true }),
}, { additionalProperties: false })
export type WalkInBody = Static<typeof WalkInBody>

/** The survey by the attendee's personal token. */
export const SurveyView = Type.Object({
  eventTitle: Type.String(),
  startsAt: Timestamp,
  chamberName: Type.String(),
  attended: Type.Boolean(),
  answered: Type.Boolean(),
})
export type SurveyView = Static<typeof SurveyView>
const Score = Type.Integer({ minimum: 1, maximum: 5 })
export const SurveyBody = Type.Object({
  overall: Score,
  usefulness: Type.Optional(Score),
  wouldRecommend: Type.Optional(Type.Boolean()),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false })
export type SurveyBody = Static<typeof SurveyBody>

const Count = Type.Integer({ minimum: 0 })
/** Permille, so no float crosses the API: 875 = 87.5%. */
const Pm = Nullable(Type.Integer({ minimum: 0, maximum: 1000 }))
/** Averages of 1-5 scores in hundredths: 425 = 4.25. */
const Avg = Nullable(Type.Integer({ minimum: 100, maximum: 500 }))
export const SurveyFigures = Type.Object({
  answers: Count,
  overallAvg: Avg,
  usefulnessAvg: Avg,
  recommendPm: Pm,
  /** answers per score 1..5 (index 0 = score 1) */
  overallDistribution: Type.Array(Count, { minItems: 5, maxItems: 5 }),
  usefulnessDistribution: Type.Array(Count, { minItems: 5, maxItems: 5 }),
})
export type SurveyFigures = Static<typeof SurveyFigures>
export const AttendanceFigures = Type.Object({
  registered: Count,
  confirmed: Count,
  waitlisted: Count,
  attended: Count,
  noShows: Count,
  attendancePm: Pm,
  walkIns: Count,
  newProspects: Count,
})
export type AttendanceFigures = Static<typeof AttendanceFigures>
export const EventFigures = Type.Object({
  eventId: Id,
  title: Type.String(),
  ended: Type.Boolean(),
  attendance: AttendanceFigures,
  survey: SurveyFigures,
  comments: Type.Array(Type.Object({ comment: Type.String(), overall: Score, createdAt: Timestamp })),
  costsCents: Count,
  attendees: Type.Array(Type.Object({ registrationId: Id, personName: Type.String(), firmName: Type.String(), checkedInAt: Timestamp })),
})
export type EventFigures = Static<typeof EventFigures>

export const FiguresYearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false })
export const ChamberFiguresParams = Type.Object({ chamberId: Id }, { additionalProperties: false })
export const RegionFiguresParams = Type.Object({ regionCode: Type.String({ pattern: '^\\d{2}$' }) }, { additionalProperties: false })
/** A PID's year: figures only (no person), so a region may add them up. */
export const YearFigures = Type.Object({
  events: Count,
  byKind: Type.Record(Type.String(), Count),
  registered: Count,
  attended: Count,
  noShows: Count,
  attendancePm: Pm,
  walkIns: Count,
  newProspects: Count,
  survey: SurveyFigures,
  costsCents: Count,
})
export type YearFigures = Static<typeof YearFigures>
export const PidFigures = Type.Object({
  year: Type.Integer(),
  total: YearFigures,
  events: Type.Array(Type.Object({ id: Id, title: Type.String(), kind: Type.String(), startsAt: Timestamp, registered: Count, attended: Count,
    attendancePm: Pm, overallAvg: Avg, answers: Count })),
})
export type PidFigures = Static<typeof PidFigures>
export const RegionFigures = Type.Object({
  year: Type.Integer(),
  regionCode: Type.String(),
  total: YearFigures,
  chambers: Type.Array(Type.Object({ chamberId: Id, name: Type.String(), figures: YearFigures })),
})
export type RegionFigures = Static<typeof RegionFigures>

/** An event's cost: spent on the chamber's communication line of the event's year. */
export const EventCostBody = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 300 }),
  amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }),
  spentOn: Type.String({ format: 'date' }),
}, { additionalProperties: false })
export type EventCostBody = Static<typeof EventCostBody>
export const EventCost = Type.Object({ id: Id, description: Type.String(), amountCents: Type.Integer(), spentOn: Type.String(), createdAt: Timestamp })
export type EventCost = Static<typeof EventCost>
export const EventCostList = Type.Object({ items: Type.Array(EventCost), totalCents: Count, budgetYear: Type.Integer(), category: Type.String() })
export type EventCostList = Static<typeof EventCostList>
