import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, PageQuery, Timestamp } from '../common.ts'
import { CONSENT_PURPOSES } from './contacts.api.ts'

/**
 * The firm's own home (a firm session: personal link or firm account): its register card, its people
 * and their consents (which the firm may change), and its requests for help from the PID. The CRM
 * answers for these; the other sections come from their own modules' firm routes.
 */

/** The firm's register card as the firm itself sees it, with its stage on the awareness path (0-6). */
export const FirmOwnProfile = Type.Object({
  id: Id,
  name: Type.String(),
  taxCode: Type.String(),
  vatNumber: Nullable(Type.String()),
  rea: Nullable(Type.String({ description: 'REA as "MI-1234567"' })),
  legalForm: Type.String(),
  atecoCode: Nullable(Type.String()),
  address: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  town: Nullable(Type.String()),
  provinceCode: Type.String(),
  pec: Nullable(Type.String()),
  website: Nullable(Type.String()),
  stage: Type.Integer({ minimum: 0, maximum: 6 }),
  stageChangedAt: Nullable(Timestamp),
  chamber: Type.Object({ id: Id, name: Type.String() }),
})
export type FirmOwnProfile = Static<typeof FirmOwnProfile>

/** A person of the firm as the firm sees it: name, role, e-mail and its consents (active or withdrawn, latest per purpose). */
export const FirmOwnContact = Type.Object({
  id: Id,
  name: Type.String(),
  jobTitle: Nullable(Type.String()),
  email: Nullable(Type.String()),
  consents: Type.Array(Type.Object({
    purpose: Type.Enum(CONSENT_PURPOSES),
    granted: Type.Boolean(),
    /** When it was given, or withdrawn if `granted` is false; null: never asked. */
    at: Nullable(Timestamp),
  }), { description: 'one entry per purpose, in the order of CONSENT_PURPOSES' }),
})
export type FirmOwnContact = Static<typeof FirmOwnContact>
export const FirmOwnContactList = Type.Object({ items: Type.Array(FirmOwnContact) })
export type FirmOwnContactList = Static<typeof FirmOwnContactList>

export const FirmConsentParams = Type.Object({ contactId: Id, purpose: Type.Enum(CONSENT_PURPOSES) }, { additionalProperties: false })
export type FirmConsentParams = Static<typeof FirmConsentParams>
export const SetFirmConsentBody = Type.Object({ granted: Type.Boolean() }, { additionalProperties: false })
export type SetFirmConsentBody = Static<typeof SetFirmConsentBody>
/** The version of the consent notice the firm's home shows next to each purpose. */
export const FIRM_HOME_CONSENT_TEXT_VERSION = 'home-2026-01'

// --- help requests -------------------------------------------------------------------------------
export const HELP_TOPICS = ['assessment', 'vouchers', 'training', 'mentoring', 'events', 'other'] as const
export type HelpTopic = (typeof HELP_TOPICS)[number]
export const HELP_CHANNELS = ['email', 'phone'] as const
export type HelpChannel = (typeof HELP_CHANNELS)[number]
export const HELP_STATUSES = ['open', 'taken', 'closed'] as const
export type HelpStatus = (typeof HELP_STATUSES)[number]
/** Where the firm asked: its home, or the report of its self-assessment. */
export const HELP_ORIGINS = ['home', 'assessment_report'] as const

const Phone = Type.String({ pattern: '^\\+?[0-9 ()./-]{5,30}$', maxLength: 30 })

export const CreateHelpRequestBody = Type.Object({
  topic: Type.Enum(HELP_TOPICS),
  message: Type.String({ minLength: 1, maxLength: 2000 }),
  channel: Type.Enum(HELP_CHANNELS),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  phone: Type.Optional(Phone),
  origin: Type.Optional(Type.Enum(HELP_ORIGINS)),
  assessmentId: Type.Optional(Id),
}, { additionalProperties: false, description: 'channel email needs email, channel phone needs phone' })
export type CreateHelpRequestBody = Static<typeof CreateHelpRequestBody>

export const HelpRequest = Type.Object({
  id: Id,
  firmId: Id,
  topic: Type.Enum(HELP_TOPICS),
  message: Type.String(),
  channel: Type.Enum(HELP_CHANNELS),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  origin: Type.Enum(HELP_ORIGINS),
  status: Type.Enum(HELP_STATUSES),
  createdAt: Timestamp,
  takenAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  /** What the PID answered when it closed the request (shown to the firm). */
  outcome: Nullable(Type.String()),
})
export type HelpRequest = Static<typeof HelpRequest>
export const FirmHelpRequestList = Type.Object({ items: Type.Array(HelpRequest) })
export type FirmHelpRequestList = Static<typeof FirmHelpRequestList>

/** Staff's view: the firm's name and who took the request. */
export const StaffHelpRequest = Type.Object({
  ...HelpRequest.properties,
  firmName: Type.String(),
  takenBy: Nullable(Type.Object({ id: Id, name: Type.String() })),
})
export type StaffHelpRequest = Static<typeof StaffHelpRequest>
export const HelpRequestPage = Page(StaffHelpRequest)
export type HelpRequestPage = Static<typeof HelpRequestPage>
export const HelpRequestQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Enum(HELP_STATUSES)),
}, { additionalProperties: false, description: 'without status: the open and taken ones' })
export type HelpRequestQuery = Static<typeof HelpRequestQuery>
export const HelpRequestParams = Type.Object({ chamberId: Id, requestId: Id }, { additionalProperties: false })
export type HelpRequestParams = Static<typeof HelpRequestParams>
export const CloseHelpRequestBody = Type.Object({ outcome: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })
export type CloseHelpRequestBody = Static<typeof CloseHelpRequestBody>
