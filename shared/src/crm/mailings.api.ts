import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Page, PageQuery, Timestamp } from '../common.ts'

/**
 * CRM mailings: a message to a saved segment's people whose consent covers its purpose, written
 * as an Italian text template with the firm's and the person's fields ({{impresa.nome}}).
 */

export const MAILING_PURPOSES = ['newsletter', 'events'] as const
export type MailingPurpose = (typeof MAILING_PURPOSES)[number]
export const MAILING_STATUSES = ['draft', 'scheduled', 'sending', 'sent'] as const
export type MailingStatus = (typeof MAILING_STATUSES)[number]
export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'bounced', 'failed', 'uncertain', 'skipped'] as const
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number]

/** The fields a template may use; anything else is refused with a 400 naming it. */
export const MAILING_FIELDS = [
  'impresa.nome', 'impresa.comune', 'impresa.provincia',
  'persona.nome', 'persona.cognome', 'persona.nome_completo', 'persona.ruolo',
  'camera.nome',
] as const
export type MailingField = (typeof MAILING_FIELDS)[number]

export const MailingParams = Type.Object({ chamberId: Id, mailingId: Id }, { additionalProperties: false })
export type MailingParams = Static<typeof MailingParams>

export const MailingBody = Type.Object({
  segmentId: Id,
  purpose: Type.Enum(MAILING_PURPOSES),
  subject: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\r\\n]*$' }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
}, { additionalProperties: false })
export type MailingBody = Static<typeof MailingBody>

export const MailingFigures = Type.Object({
  recipients: Type.Integer({ minimum: 0 }),
  queued: Type.Integer({ minimum: 0 }),
  sent: Type.Integer({ minimum: 0, description: 'handed to the mail server (including those later delivered or bounced)' }),
  delivered: Type.Integer({ minimum: 0 }),
  bounced: Type.Integer({ minimum: 0 }),
  complaints: Type.Integer({ minimum: 0 }),
  unsubscribed: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  uncertain: Type.Integer({ minimum: 0, description: 'found mid-send after a crash: maybe sent, never sent again' }),
  skipped: Type.Integer({ minimum: 0, description: 'consent withdrawn or address suppressed by send time' }),
  tracked: Type.Integer({ minimum: 0, description: 'recipients who consented to profiling: opens and clicks are counted only for them' }),
  opened: Type.Integer({ minimum: 0 }),
  clicked: Type.Integer({ minimum: 0 }),
})
export type MailingFigures = Static<typeof MailingFigures>

export const Mailing = Type.Object({
  id: Id,
  segment: NamedRef,
  purpose: Type.Enum(MAILING_PURPOSES),
  subject: Type.String(),
  body: Type.String(),
  status: Type.Enum(MAILING_STATUSES),
  sendAt: Nullable(Timestamp),
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  createdBy: Nullable(NamedRef),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  figures: MailingFigures,
})
export type Mailing = Static<typeof Mailing>
export const MailingPage = Page(Mailing)
export type MailingPage = Static<typeof MailingPage>

export const SendMailingBody = Type.Object({
  sendAt: Type.Optional(Nullable(Timestamp, { description: 'when to start; absent or null: now' })),
}, { additionalProperties: false })
export type SendMailingBody = Static<typeof SendMailingBody>

/** A person who would receive the mailing now (consent active, address not suppressed). */
export const MailingAudienceMember = Type.Object({
  contactId: Id,
  name: Type.String(),
  email: Type.String(),
  firmName: Type.String(),
})
export const MailingAudience = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  sample: Type.Array(MailingAudienceMember, { description: 'the first 50 by firm and name' }),
})
export type MailingAudience = Static<typeof MailingAudience>

export const MailingPreviewQuery = Type.Object({ contactId: Type.Optional(Id) }, { additionalProperties: false })
export const MailingPreview = Type.Object({
  contactId: Nullable(Id),
  to: Nullable(Type.String()),
  subject: Type.String(),
  text: Type.String(),
})
export type MailingPreview = Static<typeof MailingPreview>

export const MailingTestBody = Type.Object({ contactId: Type.Optional(Id) }, { additionalProperties: false })
export const MailingTestResult = Type.Object({ to: Type.String() })

export const MailingRecipientQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Enum(RECIPIENT_STATUSES)),
}, { additionalProperties: false })
export type MailingRecipientQuery = Static<typeof MailingRecipientQuery>
export const MailingRecipient = Type.Object({
  id: Id,
  contactId: Id,
  firm: NamedRef,
  name: Type.String(),
  email: Nullable(Type.String()),
  status: Type.Enum(RECIPIENT_STATUSES),
  tracked: Type.Boolean(),
  error: Nullable(Type.String()),
  sentAt: Nullable(Timestamp),
  deliveredAt: Nullable(Timestamp),
  bouncedAt: Nullable(Timestamp),
  complainedAt: Nullable(Timestamp),
  unsubscribedAt: Nullable(Timestamp),
  openedAt: Nullable(Timestamp),
  clickedAt: Nullable(Timestamp),
})
export type MailingRecipient = Static<typeof MailingRecipient>
export const MailingRecipientPage = Page(MailingRecipient)
export type MailingRecipientPage = Static<typeof MailingRecipientPage>

// Public: the unsubscribe link and the tracking endpoints (a token per recipient, 43 base64url characters).
export const MailingToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })
export const UnsubscribeParams = Type.Object({ token: MailingToken }, { additionalProperties: false })
export const Unsubscription = Type.Object({
  purpose: Type.Enum(MAILING_PURPOSES),
  chamberName: Type.String(),
  /** The address, partly hidden (m***@example.it). */
  email: Nullable(Type.String()),
  unsubscribed: Type.Boolean(),
})
export type Unsubscription = Static<typeof Unsubscription>
export const ClickParams = Type.Object({ token: MailingToken, link: Type.Integer({ minimum: 0, maximum: 999 }) }, { additionalProperties: false })

/**
 * What a mail provider (or a bounce processor reading the bounce mailbox) reports later, keyed by
 * the Message-ID the PID gave the message. 'bounce' is a permanent (hard) bounce.
 */
export const MAILING_EVENT_TYPES = ['delivered', 'bounce', 'complaint'] as const
export const MailingEventsBody = Type.Object({
  events: Type.Array(Type.Object({
    messageId: Type.String({ minLength: 3, maxLength: 300 }),
    type: Type.Enum(MAILING_EVENT_TYPES),
    occurredAt: Type.Optional(Timestamp),
    detail: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false })
export type MailingEventsBody = Static<typeof MailingEventsBody>
export const MailingEventsResult = Type.Object({
  recorded: Type.Integer({ minimum: 0 }),
  unknown: Type.Array(Type.String(), { description: 'message ids the PID did not send' }),
})
