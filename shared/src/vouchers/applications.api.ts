import { Type, type Static } from 'typebox'
import { Email, FileFacts, Id, NamedRef, Nullable, Page, Timestamp, UploadFileName } from '../common.ts'
import { DeMinimisResult } from './de-minimis.ts'
import { StatusReasonDetail } from './detail.ts'
import { EligibilityCheck } from './eligibility.ts'
import { CallCode, Declarations, Expense, LocalText, MAX_EXPENSES } from './grant.ts'
import { ALLOCATION_METHODS, APPLICATION_STATUSES } from './lifecycle.ts'
import { DOCUMENT_MEDIA_TYPES } from './calls.api.ts'
import { PublicCall } from './calls.api.ts'

/** API contract of voucher applications: the firm's form (or a partner's, on its behalf), lists, submission. */

export const ApplicationContact = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Email,
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ]{6,20}$' })),
}, { additionalProperties: false })
export type ApplicationContact = Static<typeof ApplicationContact>

const draftFields = {
  expenses: Type.Array(Expense, { maxItems: MAX_EXPENSES }),
  declarations: Declarations,
  /** Who the chamber writes to about this application. */
  contact: ApplicationContact,
}
/** A new draft: everything optional (the form saves as it goes). */
export const FirmCreateApplicationBody = Type.Partial(Type.Object(draftFields, { additionalProperties: false }))
export type FirmCreateApplicationBody = Static<typeof FirmCreateApplicationBody>
/** A partner files for a firm it is related to. */
export const CreateApplicationBody = Type.Object({ firmId: Id, ...Type.Partial(Type.Object(draftFields)).properties }, { additionalProperties: false })
export type CreateApplicationBody = Static<typeof CreateApplicationBody>
export const UpdateApplicationBody = Type.Partial(Type.Object(draftFields, { additionalProperties: false }), { minProperties: 1 })
export type UpdateApplicationBody = Static<typeof UpdateApplicationBody>
export const WithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false })
export type WithdrawBody = Static<typeof WithdrawBody>

export const GrantFigures = Type.Object({
  projectCents: Type.Integer(),
  categories: Type.Array(Type.Object({ code: Type.String(), plannedCents: Type.Integer(), capCents: Nullable(Type.Integer()), eligibleCents: Type.Integer() })),
  eligibleCents: Type.Integer(),
  rateCents: Type.Integer(),
  cappedCents: Type.Integer(),
  bonusCents: Type.Integer(),
  grantCents: Type.Integer(),
  problems: Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() })),
})

export const ApplicationDocument = Type.Object({
  id: Id,
  type: Type.String(),
  ...FileFacts,
  mediaType: Type.Enum(DOCUMENT_MEDIA_TYPES),
  uploadedAt: Timestamp,
})
export type ApplicationDocument = Static<typeof ApplicationDocument>
export const DocumentUploadQuery = Type.Object({
  type: CallCode,
  fileName: UploadFileName,
}, { additionalProperties: false })
export type DocumentUploadQuery = Static<typeof DocumentUploadQuery>

export const FILED_BY = ['firm', 'partner'] as const

export const VoucherApplication = Type.Object({
  id: Id,
  call: Type.Object({ id: Id, code: Type.String(), title: LocalText(200), allocation: Type.Enum(ALLOCATION_METHODS) }),
  chamberId: Id,
  firm: Type.Object({ id: Id, name: Type.String(), taxCode: Type.String() }),
  status: Type.Enum(APPLICATION_STATUSES),
  /** 'VD-2026-01/000123': the call's code and the protocol number, assigned at submission. */
  protocol: Nullable(Type.String()),
  protocolNumber: Nullable(Type.Integer()),
  /** The server's instant of registration (one strict order with the protocol numbers). */
  submittedAt: Nullable(Timestamp),
  expenses: Type.Array(Expense),
  declarations: Declarations,
  contact: Nullable(ApplicationContact),
  /** The call's rule applied to the expenses: a live preview for a draft, as computed at submission after. */
  grant: GrantFigures,
  /** The grant asked for, after the de minimis check (set at submission). */
  requestedCents: Nullable(Type.Integer()),
  /** Money held on the call for it (first come first served): requestedCents, or the remainder. */
  heldCents: Type.Integer(),
  grantedCents: Nullable(Type.Integer()),
  /** The reserve quota it falls in (null: the general pool). */
  quotaCode: Nullable(Type.String()),
  deMinimis: Nullable(DeMinimisResult),
  eligibility: Nullable(Type.Object({ eligible: Type.Boolean(), checks: Type.Array(EligibilityCheck) })),
  documents: Type.Array(ApplicationDocument),
  filedBy: Type.Object({ kind: Type.Enum(FILED_BY), partner: Nullable(NamedRef), user: Nullable(NamedRef) }),
  /** Why the status is what it is, in a person's words (a refusal, a revocation)... */
  statusReason: Nullable(Type.String()),
  /** ...or as the platform's code (admitted from the reserve list, de minimis...): the client words it. */
  statusReasonDetail: Nullable(StatusReasonDetail),
  withdrawnAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type VoucherApplication = Static<typeof VoucherApplication>

export const ApplicationListItem = Type.Object({
  id: Id,
  callId: Id,
  protocol: Nullable(Type.String()),
  protocolNumber: Nullable(Type.Integer()),
  firm: NamedRef,
  status: Type.Enum(APPLICATION_STATUSES),
  requestedCents: Nullable(Type.Integer()),
  heldCents: Type.Integer(),
  quotaCode: Nullable(Type.String()),
  submittedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
})
export type ApplicationListItem = Static<typeof ApplicationListItem>
export const ApplicationPage = Page(ApplicationListItem)
export type ApplicationPage = Static<typeof ApplicationPage>
/** The vouchers' lists page by protocol number or rank: short cursors, long pages (a call has thousands). */
export const VoucherPageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}
export const ApplicationListQuery = Type.Object({
  status: Type.Optional(Type.Enum(APPLICATION_STATUSES)),
  ...VoucherPageQuery,
}, { additionalProperties: false })
export type ApplicationListQuery = Static<typeof ApplicationListQuery>

/**
 * What a submission answers: the protocol, the server's instant and how the call placed the
 * application (funded, reserve list, or waiting for evaluation). Small on purpose: on a click day
 * thousands are written and sent per second; the whole application is one GET away.
 */
export const SubmissionReceipt = Type.Object({
  id: Id,
  callId: Id,
  firmId: Id,
  protocol: Type.String(),
  protocolNumber: Type.Integer(),
  submittedAt: Timestamp,
  status: Type.Enum(APPLICATION_STATUSES),
  requestedCents: Type.Integer(),
  heldCents: Type.Integer(),
  quotaCode: Nullable(Type.String()),
  deMinimis: Type.Object({ outcome: Type.String(), reason: Nullable(Type.String()) }),
})
export type SubmissionReceipt = Static<typeof SubmissionReceipt>

/** The header that makes a submission safe to retry: a retry returns the first result. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })),
})

export const VoucherApplicationParams = Type.Object({ chamberId: Id, applicationId: Id }, { additionalProperties: false })
export const VoucherDocumentParams = Type.Object({ chamberId: Id, applicationId: Id, documentId: Id }, { additionalProperties: false })
export const FirmCallParams = Type.Object({ callId: Id }, { additionalProperties: false })
export const FirmApplicationParams = Type.Object({ applicationId: Id }, { additionalProperties: false })
export const FirmDocumentParams = Type.Object({ applicationId: Id, documentId: Id }, { additionalProperties: false })

/** The firm's home in its public area: the chamber's calls it can see and its own applications. */
export const FirmVoucherHome = Type.Object({
  firm: NamedRef,
  calls: Type.Array(PublicCall),
  applications: Type.Array(ApplicationListItem),
})
export type FirmVoucherHome = Static<typeof FirmVoucherHome>
