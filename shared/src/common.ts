import { Type, type Static, type TNull, type TObject, type TProperties, type TSchema, type TUnion } from 'typebox'

/** Database ids are bigint identities; the API carries them as positive integers. */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false })

export const Email = Type.String({ format: 'email', maxLength: 254 })
export const Timestamp = Type.String({ format: 'date-time' })
export const Locale = Type.Union([Type.Literal('it'), Type.Literal('en')])
export type Locale = Static<typeof Locale>

/** A short human text: trimmed by the client, bounded by the server. */
export const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength })

/** A value or null (a column without a value, a page without a next one). */
export const Nullable = <T extends TSchema>(t: T, options?: { description?: string }) => Type.Union([t, Type.Null()], options)

/**
 * The PATCH body of a resource from its create body: any of the fields (at least one, none
 * unknown); the `clearable` ones, optional at creation, may also be null to clear them; `more`
 * are fields only a change sets.
 */
export function PatchBody<T extends TProperties, C extends TProperties, M extends TProperties = Record<never, never>>(create: TObject<T>, clearable: C, more?: M) {
  const cleared = Object.fromEntries(Object.entries(clearable).map(([k, v]) => [k, Nullable(v)])) as { [K in keyof C]: TUnion<[C[K], TNull]> }
  const fields = { ...create.properties as Omit<T, keyof C>, ...cleared, ...(more ?? {}) as M }
  return Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 })
}

/** Someone or something shown by name: a user, a partner, a segment. */
export const NamedRef = Type.Object({ id: Id, name: Type.String() })

/** What describes a stored file wherever one is listed (its bytes are fetched apart). */
export const FileFacts = { fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), sha256: Type.String() }

/** A file's name as uploaded: no path, no control characters. */
export const UploadFileName = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\u0000-\\u001f]+$' })

/** A staff account as every list and the session show it. */
export const UserIdentity = { id: Id, email: Type.String(), name: Type.String() }

/** Keyset pagination: `cursor` is opaque to clients (it may carry a sort key: up to 400 characters), `limit` is bounded. */
export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
)
export type PageQuery = Static<typeof PageQuery>

/** The one page shape of every keyset list. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String(), { description: 'null on the last page' }) })
/** A page of any item, as `Page` describes it: for generic code such as the SPA's "Load more" lists. */
export type PageOf<T> = Omit<Static<ReturnType<typeof Page>>, 'items'> & { items: T[] }

/**
 * What a problem states beyond its code, for the client to word it (`problems.<code>` with these
 * parameters). Names tell the client how to show a value: `...Cents` as euro, `...Date` as a day,
 * `...At` as a date and time; the rest as they are.
 */
export const ProblemParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]))
export type ProblemParams = Static<typeof ProblemParams>

/**
 * One invalid field: its JSON pointer, an English message for API consumers, and what the client
 * words: the JSON Schema `keyword` that failed with its `params` (limit, format, allowedValues...),
 * or a business rule's `code` (`problems.fields.<code>` in the catalogues) with its `params`.
 */
export const FieldProblem = Type.Object({
  path: Type.String(),
  message: Type.String(),
  keyword: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  params: Type.Optional(ProblemParams),
})
export type FieldProblem = Static<typeof FieldProblem>

/** RFC 9457 problem details, with field paths for validation errors. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    /** English, for API consumers: the SPA words `code` and `params` instead. */
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    params: Type.Optional(ProblemParams),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldProblem)),
  },
  { $id: 'Problem' },
)
export type Problem = Static<typeof Problem>

/** Stable problem codes; the SPA words each one (`problems.<code>`, a unit test checks every one is there). */
export const PROBLEM_CODES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_credentials',
  'account_locked',
  'token_expired',
  'token_reused',
  'internal',
  'unavailable',
  'file_empty',
  'budget_exceeded',
  'budget_rules_violated',
  'budget_totals_mismatch',
  'assessment_already_submitted',
  'assessment_unanswered',
  'questionnaire_read_only',
  'questionnaire_frozen',
  'voucher_call_not_open',
  'voucher_not_eligible',
  'voucher_incomplete',
  'voucher_de_minimis_exceeded',
  'idempotency_key_reused',
  'voucher_invoice_unreadable',
  'voucher_reporting_closed',
  // Vouchers: the state of a call or an application does not allow the action (409).
  'voucher_call_code_taken',
  'voucher_call_frozen',
  'voucher_call_not_draft',
  'voucher_call_not_published',
  'voucher_call_still_open',
  'voucher_call_closed_out',
  'voucher_call_changed',
  'voucher_application_exists',
  'voucher_application_submitted',
  'voucher_application_not_submitted',
  'voucher_application_decided',
  'voucher_application_closed',
  'voucher_applications_unsettled',
  'voucher_documents_limit',
  'voucher_document_type_unknown',
  'voucher_not_ranking',
  'voucher_checklist_missing',
  'voucher_not_admissible',
  'voucher_decision_invalid',
  'voucher_fcfs_funded_or_reserve',
  'voucher_proposal_missing',
  'voucher_proposal_funds',
  'voucher_proposal_blocked',
  'voucher_proposal_decided',
  'voucher_grant_nothing',
  'voucher_envelope_exceeded',
  'voucher_not_granted',
  'voucher_grant_paid',
  'voucher_reduce_invalid',
  'voucher_report_not_submitted',
  'voucher_report_checked',
  'voucher_report_not_checked',
  'voucher_report_unchecked',
  'voucher_report_invoices_limit',
  'voucher_invoice_duplicate',
  'voucher_invoice_wrong_buyer',
  'voucher_nothing_payable',
  'booking_overlap',
  'demo_booking_outside_loan',
  'demo_equipment_out_of_service',
  'demo_booking_not_booked',
  'demo_booking_not_started',
  'demo_photos_limit',
  'event_full', 'door_not_admitted', 'door_event_cancelled', 'door_not_checked_in', 'door_not_attended', 'door_feedback_given', 'door_token_or_id',
  'experience_capacity_below_taken', 'experience_registration_closed', 'experience_event_cancelled', 'experience_event_past', 'experience_event_not_published', 'experience_offer_not_open', 'experience_registration_not_live', 'experience_event_period',
  // Media library: an item holds at most MEDIA_MAX_FILES_PER_ITEM files (409).
  'media_files_limit',
  // Mentoring, mentors (each part adds its codes on its own line):
  'mentor_email_taken', 'mentor_status_transition', 'mentor_account_invalid', 'mentor_reason_required', 'mentor_code_not_current', 'mentor_conflict_firms_invalid',
  // Mentoring, matching:
  'mentor_not_active', 'mentor_code_not_accepted', 'mentor_conflict_of_interest', 'mentor_at_capacity', 'mentoring_request_not_open', 'mentoring_match_not_proposed', 'mentoring_slot_taken',
  'mentoring_request_duplicate', 'mentoring_match_live', 'mentoring_mentor_busy',
  // Mentoring, engagement:
  'mentoring_match_not_accepted', 'mentoring_agreement_missing', 'mentoring_agreement_not_in_force', 'mentoring_agreement_locked', 'mentoring_match_closed', 'mentoring_feedback_given',
  // Mentoring, expenses:
  'mentor_expense_cap_exceeded', 'mentor_expense_decided', 'mentor_expense_receipt_required',
  // API conventions: scopes of client tokens, conditional updates (If-Match), idempotency keys in flight
  'insufficient_scope', 'invalid_client', 'precondition_failed', 'idempotency_key_in_flight',
  // Partner API: clients and webhooks
  'api_client_revoked', 'webhook_url_not_allowed',
  // Assessment, the public self-assessment: a bad proof of work, a verification link used, expired or not valid
  'public_start_challenge_failed', 'public_start_link_used', 'public_start_link_expired', 'public_start_link_invalid',
  // CRM mailings: nobody in the segment consents to the purpose now
  'mailing_no_recipients',
] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

export const Ok = Type.Object({ ok: Type.Literal(true) })
