import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Page, Text, Timestamp } from '../common.ts'
import { RegistrationStatusSchema } from './events.api.ts'

/**
 * A partner registers a firm it is related to for a chamber's published event (scope
 * events:register): the same registration as the public form's (places, waitlist, the person's
 * mail with the personal link), made by the organisation for a person of the firm.
 */
export const PartnerRegistrationBody = Type.Object({
  /** A firm the organisation is related to (registered by it, referred to it, or with its consent). */
  firmId: Id,
  firstName: Text(80),
  lastName: Text(80),
  /** Where the person gets the confirmation and the personal link (QR code for the door). */
  email: Email,
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[+0-9 ().-]*$' })),
}, { additionalProperties: false })
export type PartnerRegistrationBody = Static<typeof PartnerRegistrationBody>

export const PartnerRegistration = Type.Object({
  id: Id,
  eventId: Id,
  firmId: Id,
  firmName: Type.String(),
  status: RegistrationStatusSchema,
  /** 1-based place in the waitlist while waitlisted. */
  waitlistPosition: Nullable(Type.Integer({ minimum: 1 })),
  /** Until when an offered place may be confirmed (from the person's link). */
  offerExpiresAt: Nullable(Timestamp),
  checkedInAt: Nullable(Timestamp),
  createdAt: Timestamp,
})
export type PartnerRegistration = Static<typeof PartnerRegistration>

/** What a registration answers: 201 a new one, 200 the person's live registration (made by anyone) again. */
export const PartnerRegistrationOutcome = Type.Object({
  ...PartnerRegistration.properties,
  /** The person was already registered: this is that registration, nothing new was taken. */
  alreadyRegistered: Type.Boolean(),
})
export type PartnerRegistrationOutcome = Static<typeof PartnerRegistrationOutcome>

export const PartnerRegistrationQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 20, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })
export type PartnerRegistrationQuery = Static<typeof PartnerRegistrationQuery>

/** The organisation's registrations of one event, newest first. */
export const PartnerRegistrationList = Page(PartnerRegistration)
export type PartnerRegistrationList = Static<typeof PartnerRegistrationList>
