import { Type, type Static } from 'typebox'
import { Email, Id, Nullable, Page, PageQuery, PatchBody, Text, Timestamp } from '../common.ts'

/**
 * Partners of the PID network (trade associations, competence centres, DIHs, universities,
 * technology providers), their agreements (convenzioni) with chambers, the users who act for
 * them, and referrals (segnalazioni): a firm with a need handed to a partner, answered with a
 * feedback sheet (scheda di feedback).
 */

/** A calendar day, 'YYYY-MM-DD'. */
const Day = Type.String({ format: 'date' })

export const PARTNER_KINDS = [
  'trade_association', 'competence_center', 'digital_innovation_hub', 'university', 'technology_provider', 'other',
] as const
export type PartnerKind = (typeof PARTNER_KINDS)[number]

/** A competence tag, lower case words joined by '-' or '.': 'cybersecurity', 'industria-4.0'. */
export const PartnerCompetence = Type.String({ pattern: '^[a-z0-9]+([.-][a-z0-9]+)*$', minLength: 2, maxLength: 40 })
const Competences = Type.Array(PartnerCompetence, { maxItems: 30, uniqueItems: true })
const PartnerTaxCode = Type.String({ pattern: '^([0-9]{11}|[A-Z0-9]{16})$', description: 'codice fiscale / partita IVA' })
const Website = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 })

export const PartnerChamber = Type.Object({ id: Id, shortName: Type.String() })

export const Partner = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Type.Enum(PARTNER_KINDS),
  taxCode: Nullable(Type.String()),
  website: Nullable(Type.String()),
  email: Nullable(Type.String()),
  competences: Type.Array(Type.String()),
  chambers: Type.Array(PartnerChamber, { description: 'chambers it has an agreement in force with' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Partner = Static<typeof Partner>
export const PartnerPage = Page(Partner)
export type PartnerPage = Static<typeof PartnerPage>

export const PartnerParams = Type.Object({ partnerId: Id }, { additionalProperties: false })

export const PartnerListQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum(PARTNER_KINDS)),
    competence: Type.Optional(PartnerCompetence),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the name' })),
    ...PageQuery.properties,
  },
  { additionalProperties: false },
)
export type PartnerListQuery = Static<typeof PartnerListQuery>

export const CreatePartnerBody = Type.Object(
  {
    name: Text(200),
    kind: Type.Enum(PARTNER_KINDS),
    taxCode: Type.Optional(PartnerTaxCode),
    website: Type.Optional(Website),
    email: Type.Optional(Email),
    competences: Type.Optional(Competences),
  },
  { additionalProperties: false },
)
export type CreatePartnerBody = Static<typeof CreatePartnerBody>

export const UpdatePartnerBody = PatchBody(CreatePartnerBody, { taxCode: PartnerTaxCode, website: Website, email: Email })
export type UpdatePartnerBody = Static<typeof UpdatePartnerBody>

// ---- agreements (convenzioni) -------------------------------------------------------------

export const PartnerAgreement = Type.Object({
  id: Id,
  partnerId: Id,
  partnerName: Type.String(),
  chamberId: Id,
  title: Type.String(),
  signedOn: Day,
  validFrom: Day,
  validTo: Nullable(Day),
  notes: Nullable(Type.String()),
  inForce: Type.Boolean({ description: 'valid today' }),
  createdAt: Timestamp,
})
export type PartnerAgreement = Static<typeof PartnerAgreement>
export const PartnerAgreementList = Type.Object({ items: Type.Array(PartnerAgreement) })
export type PartnerAgreementList = Static<typeof PartnerAgreementList>

export const PartnerAgreementQuery = Type.Object(
  { partnerId: Type.Optional(Id), inForce: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
export type PartnerAgreementQuery = Static<typeof PartnerAgreementQuery>

export const PartnerAgreementParams = Type.Object({ chamberId: Id, agreementId: Id }, { additionalProperties: false })

export const CreatePartnerAgreementBody = Type.Object(
  {
    partnerId: Id,
    title: Text(200),
    signedOn: Day,
    validFrom: Day,
    validTo: Type.Optional(Day),
    notes: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
)
export type CreatePartnerAgreementBody = Static<typeof CreatePartnerAgreementBody>

export const UpdatePartnerAgreementBody = Type.Object(
  {
    title: Type.Optional(Text(200)),
    signedOn: Type.Optional(Day),
    validFrom: Type.Optional(Day),
    validTo: Type.Optional(Nullable(Day)),
    notes: Type.Optional(Nullable(Text(2000))),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdatePartnerAgreementBody = Static<typeof UpdatePartnerAgreementBody>

// ---- partner users ------------------------------------------------------------------------

export const PartnerMember = Type.Object({
  userId: Id,
  email: Type.String(),
  name: Type.String(),
  status: Type.String(),
  partnerId: Nullable(Id),
  partnerName: Nullable(Type.String()),
})
export type PartnerMember = Static<typeof PartnerMember>
export const PartnerMemberList = Type.Object({ items: Type.Array(PartnerMember) })
export type PartnerMemberList = Static<typeof PartnerMemberList>
export const PartnerMemberParams = Type.Object({ chamberId: Id, userId: Id }, { additionalProperties: false })
export const PartnerMemberBody = Type.Object({ partnerId: Id }, { additionalProperties: false })
export type PartnerMemberBody = Static<typeof PartnerMemberBody>

// ---- referrals (segnalazioni) -------------------------------------------------------------

export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled'] as const
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]
/** Statuses in which the partner still owes an answer or a feedback sheet: these can be overdue. */
export const REFERRAL_OPEN_STATUSES = ['sent', 'accepted', 'in_progress'] as const satisfies readonly ReferralStatus[]

export const REFERRAL_OUTCOMES = ['solved', 'partially_solved', 'not_solved', 'firm_withdrew'] as const
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]

export const ReferralFeedbackBody = Type.Object(
  {
    outcome: Type.Enum(REFERRAL_OUTCOMES),
    servicesDelivered: Type.Array(Text(200), { maxItems: 30 }),
    followUp: Type.String({ maxLength: 2000, description: 'what the firm should do next; empty if nothing' }),
    notes: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
)
export type ReferralFeedbackBody = Static<typeof ReferralFeedbackBody>

/** The feedback sheet as stored: what the partner sent, who sent it and when. */
export const ReferralFeedback = Type.Object({
  outcome: Type.Enum(REFERRAL_OUTCOMES),
  servicesDelivered: Type.Array(Type.String()),
  followUp: Type.String(),
  notes: Type.Optional(Type.String()),
  submittedAt: Timestamp,
  submittedBy: Nullable(Id),
})
export type ReferralFeedback = Static<typeof ReferralFeedback>

export const Referral = Type.Object({
  id: Id,
  chamberId: Id,
  firmId: Id,
  firmName: Type.String(),
  partnerId: Id,
  partnerName: Type.String(),
  need: Type.String(),
  status: Type.Enum(REFERRAL_STATUSES),
  dueOn: Day,
  overdue: Type.Boolean({ description: 'past its due date and still open (sent, accepted, in progress)' }),
  daysOverdue: Type.Integer({ minimum: 0 }),
  feedback: Nullable(ReferralFeedback),
  createdBy: Nullable(Id),
  createdAt: Timestamp,
  respondedAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
})
export type Referral = Static<typeof Referral>
export const ReferralPage = Page(Referral)
export type ReferralPage = Static<typeof ReferralPage>
/** A firm's referrals, newest first, a keyset page (`cursor`, `limit`). */
export const ReferralList = Page(Referral)
export type ReferralList = Static<typeof ReferralList>

/** One step of a referral's life: who moved it, from where to where, and why. */
export const ReferralStep = Type.Object({
  fromStatus: Nullable(Type.Enum(REFERRAL_STATUSES)),
  toStatus: Type.Enum(REFERRAL_STATUSES),
  note: Nullable(Type.String()),
  actorId: Nullable(Id),
  actorName: Nullable(Type.String()),
  at: Timestamp,
})
export const ReferralDetail = Type.Object({ ...Referral.properties, history: Type.Array(ReferralStep) })
export type ReferralDetail = Static<typeof ReferralDetail>

export const ReferralListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(REFERRAL_STATUSES)),
    partnerId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean()),
    ...PageQuery.properties,
  },
  { additionalProperties: false },
)
export type ReferralListQuery = Static<typeof ReferralListQuery>

export const PartnerFirmParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export const ReferralParams = Type.Object({ chamberId: Id, referralId: Id }, { additionalProperties: false })

export const CreateReferralBody = Type.Object(
  { partnerId: Id, need: Text(2000), dueOn: Day },
  { additionalProperties: false },
)
export type CreateReferralBody = Static<typeof CreateReferralBody>

export const ReferralResponseBody = Type.Object(
  { accept: Type.Boolean(), note: Type.Optional(Text(2000)) },
  { additionalProperties: false },
)
export type ReferralResponseBody = Static<typeof ReferralResponseBody>

export const CancelReferralBody = Type.Object({ reason: Text(2000) }, { additionalProperties: false })
export type CancelReferralBody = Static<typeof CancelReferralBody>

// ---- firm consent for a partner to see its record -----------------------------------------

export const FirmPartnerConsent = Type.Object({
  firmId: Id,
  partnerId: Id,
  partnerName: Type.String(),
  source: Type.String(),
  grantedAt: Timestamp,
  withdrawnAt: Nullable(Timestamp),
  active: Type.Boolean(),
})
export type FirmPartnerConsent = Static<typeof FirmPartnerConsent>
export const FirmPartnerConsentList = Type.Object({ items: Type.Array(FirmPartnerConsent) })

export const FirmPartnerConsentParams = Type.Object({ chamberId: Id, firmId: Id, partnerId: Id }, { additionalProperties: false })

export const CreateFirmPartnerConsentBody = Type.Object(
  { partnerId: Id, source: Text(200) },
  { additionalProperties: false },
)
export type CreateFirmPartnerConsentBody = Static<typeof CreateFirmPartnerConsentBody>
