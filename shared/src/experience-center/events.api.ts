import { Type, type Static } from 'typebox'
import { Email, Id, NamedRef, Nullable, PatchBody, Text, Timestamp } from '../common.ts'
import { ExperienceThemeSchema } from './themes.ts'

/** An event's kinds, statuses and a registration's statuses (migration 0036's checks). */
export const EVENT_KINDS = ['seminar', 'workshop', 'living_lab', 'guided_visit', 'webinar', 'matchmaking_day'] as const
export type EventKind = (typeof EVENT_KINDS)[number]
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]
/** confirmed and offered hold a seat; waitlisted waits in arrival order; cancelled and expired hold nothing. */
export const REGISTRATION_STATUSES = ['confirmed', 'offered', 'waitlisted', 'cancelled', 'expired'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]
/** The consent purposes a registration form may ask (the CRM's consent model). */
export const REGISTRATION_CONSENTS = ['service', 'newsletter', 'events', 'profiling', 'partner_sharing'] as const

export const EventKindSchema = Type.Enum(EVENT_KINDS)
export const EventStatusSchema = Type.Enum(EVENT_STATUSES)
export const RegistrationStatusSchema = Type.Enum(REGISTRATION_STATUSES)

const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })

export const EventSpeaker = Type.Object({
  name: Text(120),
  role: Type.Optional(Type.String({ maxLength: 120 })),
  organisation: Type.Optional(Type.String({ maxLength: 160 })),
}, { additionalProperties: false })
export type EventSpeaker = Static<typeof EventSpeaker>

/** A new event (a draft): times as ISO instants, shown in Europe/Rome; a place, an online link or both. */
export const EventBody = Type.Object({
  kind: EventKindSchema,
  title: Text(200),
  summary: Type.Optional(Type.String({ maxLength: 500 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  startsAt: Timestamp,
  endsAt: Timestamp,
  venue: Type.Optional(Text(200)),
  address: Type.Optional(Text(300)),
  onlineUrl: Type.Optional(Url),
  capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  themes: Type.Array(ExperienceThemeSchema, { maxItems: 18, uniqueItems: true }),
  speakers: Type.Array(EventSpeaker, { maxItems: 30 }),
  partnerIds: Type.Array(Id, { maxItems: 20, uniqueItems: true }),
  registrationClosesAt: Type.Optional(Timestamp),
  offerHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })),
}, { additionalProperties: false })
export type EventBody = Static<typeof EventBody>

export const EventPatch = PatchBody(EventBody, {
  venue: Text(200), address: Text(300), onlineUrl: Url, registrationClosesAt: Timestamp,
})
export type EventPatch = Static<typeof EventPatch>

/** An event's registrations counted per status, and its places. */
export const EventCounts = Type.Object({
  capacity: Type.Integer(), seatsTaken: Type.Integer(),
  confirmed: Type.Integer(), offered: Type.Integer(), waitlisted: Type.Integer(), cancelled: Type.Integer(), expired: Type.Integer(),
})
export type EventCounts = Static<typeof EventCounts>

const eventFields = {
  id: Id, chamberId: Id, kind: EventKindSchema, title: Type.String(), summary: Type.String(), description: Type.String(),
  startsAt: Timestamp, endsAt: Timestamp, venue: Nullable(Type.String()), address: Nullable(Type.String()),
  onlineUrl: Nullable(Type.String()), capacity: Type.Integer(), themes: Type.Array(Type.String()),
  speakers: Type.Array(EventSpeaker), partners: Type.Array(NamedRef), status: EventStatusSchema,
  registrationClosesAt: Nullable(Timestamp), offerHours: Type.Integer(), publishedAt: Nullable(Timestamp),
}

/** An event as staff see it, with its counts. */
export const StaffEvent = Type.Object({ ...eventFields, counts: EventCounts })
export type StaffEvent = Static<typeof StaffEvent>

export const EventListQuery = Type.Object({
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  status: Type.Optional(EventStatusSchema),
  kind: Type.Optional(EventKindSchema),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })
export type EventListQuery = Static<typeof EventListQuery>

export const EventListItem = Type.Object({
  id: Id, kind: EventKindSchema, title: Type.String(), startsAt: Timestamp, endsAt: Timestamp, venue: Nullable(Type.String()),
  onlineUrl: Nullable(Type.String()), status: EventStatusSchema, capacity: Type.Integer(), seatsTaken: Type.Integer(),
  waitlisted: Type.Integer(), themes: Type.Array(Type.String()),
})
export type EventListItem = Static<typeof EventListItem>
export const EventList = Type.Object({ items: Type.Array(EventListItem), nextCursor: Nullable(Type.String()) })
export type EventList = Static<typeof EventList>

export const EventParams = Type.Object({ chamberId: Id, eventId: Id }, { additionalProperties: false })
export const ChamberEventsParams = Type.Object({ chamberId: Id }, { additionalProperties: false })
export const RegistrationParams = Type.Object({ chamberId: Id, eventId: Id, registrationId: Id }, { additionalProperties: false })

/** A registration as the chamber's staff see it (personal data: the organising chamber's staff only). */
export const StaffRegistration = Type.Object({
  id: Id, status: RegistrationStatusSchema, source: Type.String(), createdAt: Timestamp, offerExpiresAt: Nullable(Timestamp),
  checkedInAt: Nullable(Timestamp), firmId: Id, firmName: Type.String(), firmCode: Type.String(),
  contactId: Id, personName: Type.String(), email: Nullable(Type.String()),
  /** 1-based place in the waitlist (waitlisted only). */
  waitlistPosition: Nullable(Type.Integer()),
})
export type StaffRegistration = Static<typeof StaffRegistration>
export const RegistrationList = Type.Object({ items: Type.Array(StaffRegistration) })
export type RegistrationList = Static<typeof RegistrationList>

// ---- public side -------------------------------------------------------------------------------

/** An event as anyone sees it: no counts beyond the places left. */
export const PublicEvent = Type.Object({
  ...eventFields,
  placesLeft: Type.Integer(),
  /** Registrations are taken now (published, not past, before the closing time). */
  registrationOpen: Type.Boolean(),
})
export type PublicEvent = Static<typeof PublicEvent>
export const PublicEventList = Type.Object({ items: Type.Array(PublicEvent) })
export type PublicEventList = Static<typeof PublicEventList>
export const PublicEventParams = Type.Object({ eventId: Id }, { additionalProperties: false })

/** The version of the consent and privacy texts the public form shows (kept with every consent). */
export const REGISTRATION_CONSENT_TEXT_VERSION = 'eventi-2026-01'

export const PublicRegistrationBody = Type.Object({
  /** Codice fiscale or partita IVA of the firm. */
  firmCode: Type.String({ minLength: 11, maxLength: 16 }),
  firmName: Text(200),
  firstName: Text(80),
  lastName: Text(80),
  email: Email,
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[+0-9 ().-]*$' })),
  consents: Type.Array(Type.Enum(REGISTRATION_CONSENTS), { maxItems: 5, uniqueItems: true }),
  consentTextVersion: Text(40),
  /** The privacy notice was shown and acknowledged (required). */
  privacyAcknowledged: Type.Literal(true),
}, { additionalProperties: false })
export type PublicRegistrationBody = Static<typeof PublicRegistrationBody>

/** What a registration answers: the personal link goes by mail only (whoever knows an e-mail must not get it). */
export const RegistrationOutcome = Type.Object({
  status: RegistrationStatusSchema,
  /** The same person was already registered: this is that registration, nothing new was taken. */
  alreadyRegistered: Type.Boolean(),
  waitlistPosition: Nullable(Type.Integer()),
})
export type RegistrationOutcome = Static<typeof RegistrationOutcome>

export const PersonalTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false })

/** The personal page: the registration, its event, and the QR code the door scans. */
export const PersonalRegistration = Type.Object({
  status: RegistrationStatusSchema,
  offerExpiresAt: Nullable(Timestamp),
  waitlistPosition: Nullable(Type.Integer()),
  personName: Type.String(),
  firmName: Type.String(),
  event: PublicEvent,
  /** The personal token as a QR code (an SVG data URL). */
  qrCode: Type.String(),
})
export type PersonalRegistration = Static<typeof PersonalRegistration>

/** The events the firm's people registered to, as the firm's home shows them (firm session, purpose 'profile'). */
export const FirmEventRegistration = Type.Object({
  id: Id,
  event: Type.Object({ id: Id, title: Type.String(), kind: EventKindSchema, startsAt: Timestamp, endsAt: Timestamp, venue: Nullable(Type.String()), online: Type.Boolean(), cancelled: Type.Boolean() }),
  person: Type.String({ description: "the registered person's name ('' when erased)" }),
  status: RegistrationStatusSchema,
  attended: Type.Boolean(),
})
export type FirmEventRegistration = Static<typeof FirmEventRegistration>
export const FirmEventList = Type.Object({ items: Type.Array(FirmEventRegistration) })
export type FirmEventList = Static<typeof FirmEventList>
