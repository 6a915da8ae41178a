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

/** RFC 9457 problem details, with field paths for validation errors. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'Problem' },
)
export type Problem = Static<typeof Problem>

/** Stable problem codes; the SPA translates them. */
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
  'budget_exceeded',
  'budget_rules_violated',
  'budget_totals_mismatch',
  'voucher_call_not_open',
  'voucher_not_eligible',
  'voucher_incomplete',
  'voucher_de_minimis_exceeded',
  'idempotency_key_reused',
  'voucher_invoice_unreadable',
  'voucher_reporting_closed',
] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

export const Ok = Type.Object({ ok: Type.Literal(true) })
