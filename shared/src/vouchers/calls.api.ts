import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Page, PageQuery, Timestamp } from '../common.ts'
import { DeMinimisRule } from './de-minimis.ts'
import { Eligibility } from './eligibility.ts'
import { CallCode, GrantRule, LocalText } from './grant.ts'
import { ALLOCATION_METHODS, APPLICATION_STATUSES, CALL_PHASES, CALL_STATUSES, ReserveQuota } from './lifecycle.ts'

/** API contract of voucher calls (bandi): staff's editor, the public page, the firm's list. */
const Day = Type.String({ format: 'date' })

/** Types a document may have; the server checks the bytes too (a PDF starts with %PDF-, ...). */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/pkcs7-mime'] as const
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number]
/** The largest upload any call may allow. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
export const MAX_DOCUMENTS_PER_APPLICATION = 30

export const CallDocument = Type.Object({
  code: CallCode,
  label: LocalText(200),
  required: Type.Boolean(),
  mediaTypes: Type.Array(Type.Enum(DOCUMENT_MEDIA_TYPES), { minItems: 1, maxItems: 4, uniqueItems: true }),
  maxBytes: Type.Integer({ minimum: 1024, maximum: DOCUMENT_MAX_BYTES }),
}, { additionalProperties: false })
export type CallDocument = Static<typeof CallDocument>

/** Merit criteria of a ranking call (scored in the evaluation): weight x score, out of maxScore. */
export const RankingCriterion = Type.Object({
  code: CallCode,
  label: LocalText(200),
  weight: Type.Integer({ minimum: 1, maximum: 100 }),
  maxScore: Type.Integer({ minimum: 1, maximum: 100 }),
}, { additionalProperties: false })
export type RankingCriterion = Static<typeof RankingCriterion>

const callFields = {
  /** The call's code, printed on protocols: VD-2026-01/000123. */
  code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,29}$' }),
  title: LocalText(200),
  summary: LocalText(1000),
  body: Type.Optional(LocalText(20_000)),
  opensAt: Timestamp,
  closesAt: Timestamp,
  /** The year of the chamber's budget plan whose voucher line funds the envelope. */
  budgetYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
  envelopeCents: Type.Integer({ minimum: 100, maximum: 100_000_000_000 }),
  allocation: Type.Enum(ALLOCATION_METHODS),
  /** First come first served: the last funded firm may get what is left when less than its grant. */
  allowRemainder: Type.Boolean(),
  /** First come first served: at most this many applications wait on the reserve list (null: no limit). */
  reserveLimit: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  grantRule: GrantRule,
  eligibility: Eligibility,
  deMinimis: Type.Optional(DeMinimisRule),
  quotas: Type.Array(ReserveQuota, { maxItems: 5 }),
  rankingCriteria: Type.Array(RankingCriterion, { maxItems: 20 }),
  documents: Type.Array(CallDocument, { maxItems: 20 }),
  reportingDeadline: Day,
  /** Reporting must show a self-assessment completed after the grant (the firm measures its progress). */
  reportingAssessment: Type.Optional(Type.Boolean()),
  /** RNA: the measure's CAR code (Codice Aiuto RNA). */
  rnaCarCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,12}$' }))),
  /** CUP: Codice Unico di Progetto, 15 characters. */
  cup: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z0-9]{15}$' }))),
}

export const CreateCallBody = Type.Object(callFields, { additionalProperties: false })
export type CreateCallBody = Static<typeof CreateCallBody>
export const UpdateCallBody = Type.Partial(Type.Object(callFields, { additionalProperties: false }), { minProperties: 1 })
export type UpdateCallBody = Static<typeof UpdateCallBody>
/** What may still change once a call is published: its texts, never its terms. */
export const PUBLISHED_EDITABLE = ['title', 'summary', 'body'] as const

/**
 * The consistency rules of a call's terms the schema cannot say (the server's callProblems and
 * grantRuleProblems), as field-error codes the client words (`problems.fields.<code>`).
 */
export const CALL_RULE_CODES = ['closes_before_opens', 'reporting_before_close', 'code_twice', 'bonus_twice', 'caps_below_full',
  'quota_unbounded', 'quotas_over_envelope', 'ranking_without_criteria'] as const
export type CallRuleCode = (typeof CALL_RULE_CODES)[number]

export const QuotaFigures = Type.Object({
  ...ReserveQuota.properties,
  sizeCents: Type.Integer(),
  usedCents: Type.Integer(),
  availableCents: Type.Integer(),
  waiting: Type.Integer({ description: 'applications of this quota on the reserve list' }),
})
export type QuotaFigures = Static<typeof QuotaFigures>

export const CallFigures = Type.Object({
  envelopeCents: Type.Integer(),
  /** Held for funded applications awaiting their decision. */
  reservedCents: Type.Integer(),
  grantedCents: Type.Integer(),
  /** Of grantedCents, what payment orders have paid (what they did not pay went back to the call). */
  paidCents: Type.Integer(),
  availableCents: Type.Integer(),
  /** What the general pool (outside the quotas) has left. */
  generalAvailableCents: Type.Integer(),
  reserveCount: Type.Integer({ description: 'applications waiting on the reserve list' }),
  lastProtocol: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'applications per status (drafts included)' }),
})
export type CallFigures = Static<typeof CallFigures>

export const VoucherCall = Type.Object({
  id: Id,
  chamber: NamedRef,
  ...callFields,
  body: Nullable(LocalText(20_000)),
  reserveLimit: Nullable(Type.Integer()),
  deMinimis: DeMinimisRule,
  rnaCarCode: Nullable(Type.String()),
  cup: Nullable(Type.String()),
  reportingAssessment: Type.Boolean(),
  quotas: Type.Array(QuotaFigures),
  status: Type.Enum(CALL_STATUSES),
  phase: Type.Enum(CALL_PHASES),
  figures: CallFigures,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  publishedAt: Nullable(Timestamp),
  exhaustedAt: Nullable(Timestamp),
  /** When the ranking or pro-rata proposal was last computed. */
  evaluatedAt: Nullable(Timestamp),
  /** When the call was closed out: what was not paid went back to the budget. */
  closedOutAt: Nullable(Timestamp),
})
export type VoucherCall = Static<typeof VoucherCall>

export const CallSummary = Type.Object({
  id: Id, code: Type.String(), title: LocalText(200), status: Type.Enum(CALL_STATUSES), phase: Type.Enum(CALL_PHASES),
  allocation: Type.Enum(ALLOCATION_METHODS), opensAt: Timestamp, closesAt: Timestamp, envelopeCents: Type.Integer(),
  availableCents: Type.Integer(), applications: Type.Integer({ description: 'submitted (not drafts)' }),
})
export type CallSummary = Static<typeof CallSummary>
/** The chamber's calls, newest first: a keyset page (`cursor`, `limit`). */
export const CallList = Page(CallSummary)
export type CallList = Static<typeof CallList>
export const CallListQuery = Type.Object({
  status: Type.Optional(Type.Enum(CALL_STATUSES)),
  ...PageQuery.properties,
}, { additionalProperties: false })

/** The public page of a call: what anyone may read, with the funds left, without signing in. */
export const PublicCall = Type.Object({
  id: Id,
  chamber: NamedRef,
  code: Type.String(),
  title: LocalText(200),
  summary: LocalText(1000),
  body: Nullable(LocalText(20_000)),
  opensAt: Timestamp,
  closesAt: Timestamp,
  phase: Type.Enum(CALL_PHASES),
  allocation: Type.Enum(ALLOCATION_METHODS),
  allowRemainder: Type.Boolean(),
  envelopeCents: Type.Integer(),
  availableCents: Type.Integer(),
  /** "Chiuso per esaurimento fondi": general funds all held, or firms waiting. */
  exhausted: Type.Boolean(),
  reserveCount: Type.Integer(),
  submitted: Type.Integer({ description: 'applications with a protocol' }),
  quotas: Type.Array(Type.Object({ code: Type.String(), label: LocalText(200), sizeCents: Type.Integer(), availableCents: Type.Integer() })),
  grantRule: GrantRule,
  eligibility: Eligibility,
  deMinimis: DeMinimisRule,
  documents: Type.Array(CallDocument),
  reportingDeadline: Day,
  reportingAssessment: Type.Boolean(),
  rnaCarCode: Nullable(Type.String()),
  cup: Nullable(Type.String()),
  /** The server's clock, for countdowns. */
  now: Timestamp,
})
export type PublicCall = Static<typeof PublicCall>
export const PublicCallList = Type.Object({ items: Type.Array(PublicCall) })
export type PublicCallList = Static<typeof PublicCallList>

export const VoucherCallParams = Type.Object({ chamberId: Id, callId: Id }, { additionalProperties: false })
export const PublicCallParams = Type.Object({ callId: Id }, { additionalProperties: false })
export const PublicChamberParams = Type.Object({ chamberId: Id }, { additionalProperties: false })

/** Applications counted per status, every status present (0 when none). */
export const emptyStatusCounts = (): Record<string, number> => Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0]))
