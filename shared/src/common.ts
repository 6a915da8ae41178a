import { Type, type Static, type TSchema } from 'typebox'

/** Database ids are bigint identities; the API carries them as positive integers. */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false })

export const Email = Type.String({ format: 'email', maxLength: 254 })
export const Timestamp = Type.String({ format: 'date-time' })
export const Locale = Type.Union([Type.Literal('it'), Type.Literal('en')])
export type Locale = Static<typeof Locale>

/** A short human text: trimmed by the client, bounded by the server. */
export const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength })

/** Keyset pagination: `cursor` is opaque to clients, `limit` is bounded. */
export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
)
export type PageQuery = Static<typeof PageQuery>

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })
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
