import { Type, type Static, type TSchema } from 'typebox'
import { Id, Nullable, Timestamp } from '../common.ts'
import { APPLICATION_STATUSES } from '../vouchers/lifecycle.ts'
import { REGISTRATION_STATUSES } from '../experience-center/events.api.ts'
import type { WebhookEventType } from './webhook-events.ts'

/**
 * The `data` of each webhook event, as the modules emit it and the OpenAPI document's `webhooks`
 * section describes it. Ids and states only: never a person's name, e-mail or phone, nor free text
 * that may hold them (a referral's need is read with GET /referrals/{id}, under the partner's reach).
 */

const Day = Type.String({ format: 'date', description: "a Rome day, 'YYYY-MM-DD'" })

export const ReferralCreatedData = Type.Object({
  referralId: Id,
  firmId: Id,
  chamberId: Id,
  /** The organisation the firm is referred to: the subscriber's own. */
  partnerId: Id,
  status: Type.Literal('sent'),
  dueOn: Day,
}, { description: 'A firm was referred to the partner: answer (accept or decline) by dueOn.' })
export type ReferralCreatedData = Static<typeof ReferralCreatedData>

export const ReferralOverdueData = Type.Object({
  referralId: Id,
  firmId: Id,
  chamberId: Id,
  partnerId: Id,
  /** Still open: not answered yet, or accepted or started without its feedback sheet. */
  status: Type.Union([Type.Literal('sent'), Type.Literal('accepted'), Type.Literal('in_progress')]),
  dueOn: Day,
  daysOverdue: Type.Integer({ minimum: 1 }),
}, { description: 'A referral passed its due date while still open. Sent once per referral, the first time the daily run finds it overdue.' })
export type ReferralOverdueData = Static<typeof ReferralOverdueData>

const ApplicationStatusSchema = Type.Enum(APPLICATION_STATUSES)

export const ApplicationStatusChangedData = Type.Object({
  applicationId: Id,
  callId: Id,
  firmId: Id,
  chamberId: Id,
  /** The protocol given at submission ('<call code>/<6 digits>'); null only for a draft. */
  protocol: Nullable(Type.String()),
  from: ApplicationStatusSchema,
  to: ApplicationStatusSchema,
}, { description: "A voucher application of a firm related to the partner changed status: submitted (funded, reserve or submitted for evaluation), admitted from the reserve list, withdrawn, not admitted, granted, not funded, revoked, paid." })
export type ApplicationStatusChangedData = Static<typeof ApplicationStatusChangedData>

export const AssessmentCompletedData = Type.Object({
  assessmentId: Id,
  firmId: Id,
  chamberId: Id,
  /** 0 to 100. */
  overall: Type.Number({ minimum: 0, maximum: 100 }),
  /** The maturity level of the questionnaire (1 the lowest). */
  level: Type.Integer({ minimum: 0 }),
  /** T0 is 0, the first follow-up 1, ... */
  round: Type.Integer({ minimum: 0 }),
  submittedAt: Timestamp,
}, { description: 'A firm related to the partner completed (submitted) a digital self-assessment.' })
export type AssessmentCompletedData = Static<typeof AssessmentCompletedData>

/** A registration's states, and 'attended' when its QR code is scanned at the door. */
export const WEBHOOK_REGISTRATION_STATUSES = [...REGISTRATION_STATUSES, 'attended'] as const
export type WebhookRegistrationStatus = (typeof WEBHOOK_REGISTRATION_STATUSES)[number]

export const EventRegistrationChangedData = Type.Object({
  eventId: Id,
  registrationId: Id,
  firmId: Id,
  chamberId: Id,
  status: Type.Enum(WEBHOOK_REGISTRATION_STATUSES),
  /** The status before, null for a new registration. */
  previousStatus: Nullable(Type.Enum(WEBHOOK_REGISTRATION_STATUSES)),
}, { description: "A registration of a firm related to the partner to an experience-centre event: confirmed, waitlisted, offered a freed place, expired, cancelled, attended." })
export type EventRegistrationChangedData = Static<typeof EventRegistrationChangedData>

export const PingData = Type.Object({}, { description: 'Sent on demand to test an endpoint.' })

/** Each event type's `data` schema (the OpenAPI `webhooks` section is built from it). */
export const WEBHOOK_PAYLOADS = {
  'referral.created': ReferralCreatedData,
  'referral.overdue': ReferralOverdueData,
  'application.status_changed': ApplicationStatusChangedData,
  'assessment.completed': AssessmentCompletedData,
  'event.registration.changed': EventRegistrationChangedData,
  ping: PingData,
} as const satisfies Record<WebhookEventType, TSchema>

/** The data of one event type, for the modules that emit it. */
export type WebhookData<T extends WebhookEventType> = Static<(typeof WEBHOOK_PAYLOADS)[T]>
