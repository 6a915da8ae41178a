import { Type, type Static } from 'typebox'
import { Email, Id, Locale, Nullable, Page, PatchBody, Text, Timestamp } from '../common.ts'

/** The people of a firm, their consents per purpose, and the chamber's GDPR settings. */

const Phone = Type.String({ pattern: '^\\+?[0-9 ()./-]{5,30}$', maxLength: 30 })

export const CONSENT_PURPOSES = ['service', 'newsletter', 'events', 'profiling', 'partner_sharing'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

export const Consent = Type.Object({
  id: Id,
  purpose: Type.Enum(CONSENT_PURPOSES),
  grantedAt: Timestamp,
  source: Type.String(),
  textVersion: Type.String({ description: 'version of the notice the person agreed to' }),
  withdrawnAt: Nullable(Timestamp),
  active: Type.Boolean(),
  recordedBy: Nullable(Id),
})
export type Consent = Static<typeof Consent>

/** An erased contact keeps its row (counts stay right) with every personal field null. */
export const Contact = Type.Object({
  id: Id,
  firmId: Id,
  displayName: Type.String({ description: '"Contatto anonimo" once erased' }),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  preferredLanguage: Locale,
  erasedAt: Nullable(Timestamp),
  lastActivityAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  consents: Type.Array(Consent),
})
export type Contact = Static<typeof Contact>

/** A firm's contacts: erased ones last, then by last and first name; a keyset page (`cursor`, `limit`). */
export const ContactList = Page(Contact)
export type ContactList = Static<typeof ContactList>

export const CreateContactBody = Type.Object(
  {
    firstName: Text(100),
    lastName: Text(100),
    jobTitle: Type.Optional(Text(120)),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    preferredLanguage: Type.Optional(Locale),
  },
  { additionalProperties: false },
)
export type CreateContactBody = Static<typeof CreateContactBody>

export const UpdateContactBody = PatchBody(CreateContactBody, { jobTitle: Text(120), email: Email, phone: Phone })
export type UpdateContactBody = Static<typeof UpdateContactBody>

export const ContactParams = Type.Object({ chamberId: Id, contactId: Id }, { additionalProperties: false })
export type ContactParams = Static<typeof ContactParams>

export const ConsentParams = Type.Object({ chamberId: Id, contactId: Id, consentId: Id }, { additionalProperties: false })
export type ConsentParams = Static<typeof ConsentParams>

export const GrantConsentBody = Type.Object(
  {
    purpose: Type.Enum(CONSENT_PURPOSES),
    grantedAt: Type.String({ format: 'date-time', description: 'when the person agreed; not in the future' }),
    source: Text(100),
    textVersion: Text(40),
  },
  { additionalProperties: false },
)
export type GrantConsentBody = Static<typeof GrantConsentBody>

export const EraseContactBody = Type.Object({ reason: Text(500) }, { additionalProperties: false })
export type EraseContactBody = Static<typeof EraseContactBody>

/** Everything held about a person (GDPR art. 15 and 20), as a machine-readable document. */
export const PersonalDataExport = Type.Object({
  exportedAt: Timestamp,
  controller: Type.String({ description: 'the chamber holding the data' }),
  firm: Type.Object({ id: Id, name: Type.String() }),
  contact: Type.Omit(Contact, ['consents']),
  consents: Type.Array(Consent),
  timelineEvents: Type.Array(Type.Object({
    id: Id, type: Type.String(), occurredAt: Timestamp, summary: Type.String(), details: Type.Record(Type.String(), Type.Unknown()),
  })),
  auditEntries: Type.Array(Type.Object({
    id: Id, at: Timestamp, action: Type.String(), actorId: Nullable(Id), before: Type.Unknown(), after: Type.Unknown(),
  })),
})
export type PersonalDataExport = Static<typeof PersonalDataExport>

export const CrmSettings = Type.Object(
  { contactRetentionMonths: Type.Integer({ minimum: 1, maximum: 240, description: 'contacts with no activity for longer are erased' }) },
  { additionalProperties: false },
)
export type CrmSettings = Static<typeof CrmSettings>
