import { Type, type Static } from 'typebox'
import { SIZE_CLASSES } from '../crm/domain.ts'
import { AtecoPrefix, atecoMatches } from './eligibility.ts'
import { CallCode, LocalText } from './grant.ts'

/**
 * The life of a call and of an application.
 *
 * A call is stored as draft, published or closed_exhausted; its phase follows from the clock, so
 * nothing has to flip a status at the opening instant (a click day opens on the millisecond):
 *   draft -> published: scheduled (before opensAt) -> open -> closed (after closesAt)
 *                      \-> closed_exhausted ("chiuso per esaurimento fondi"): a first-come-first-served
 *                          call whose general funds are all held, or with firms waiting on its reserve
 *                          list; it reopens by itself if money frees up and nobody waits.
 * While a call is closed_exhausted and before closesAt, submissions still get a protocol and join
 * the reserve list (up to reserveLimit, when the call sets one).
 */
export const CALL_STATUSES = ['draft', 'published', 'closed_exhausted'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]
export const CALL_PHASES = ['draft', 'scheduled', 'open', 'closed', 'closed_exhausted'] as const
export type CallPhase = (typeof CALL_PHASES)[number]

export const ALLOCATION_METHODS = ['fcfs', 'ranking', 'pro_rata'] as const
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number]

export function callPhase(c: { status: CallStatus; opensAt: Date | string; closesAt: Date | string }, now: Date): CallPhase {
  if (c.status === 'draft') return 'draft'
  if (c.status === 'closed_exhausted') return 'closed_exhausted'
  if (now < new Date(c.opensAt)) return 'scheduled'
  if (now < new Date(c.closesAt)) return 'open'
  return 'closed'
}

/** Whether a submission is taken now (to fund, to evaluate, or onto the reserve list). */
export function acceptsSubmissions(c: { status: CallStatus; opensAt: Date | string; closesAt: Date | string }, now: Date): boolean {
  return c.status !== 'draft' && now >= new Date(c.opensAt) && now < new Date(c.closesAt)
}

/**
 * Applications. Part 1 of the vouchers issue moves draft -> submitted | funded | reserve, reserve ->
 * funded, and anything before a decision -> withdrawn. Evaluation (part 2) moves the rest:
 * - draft: being filled in (by the firm, or a partner on its behalf);
 * - submitted: has its protocol; a ranking or pro-rata call evaluates it after the window;
 * - funded: first come first served, within the envelope: its grant is held on the call pending
 *   the formal admissibility check (possibly only the remainder, see heldCents);
 * - reserve: past the envelope, waiting in protocol order;
 * - withdrawn: by the firm before a decision; not_admitted: fails admissibility;
 * - granted: decided with an amount; not_funded: admitted, no money left (ranking);
 * - revoked: the grant taken back (e.g. no reporting by the deadline);
 * - paid: the payment order for the checked report is made (what was not paid went back to the call).
 * Part 2 adds reserve -> not_funded (still waiting when the call is closed out) and granted -> paid.
 */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'funded', 'reserve', 'withdrawn', 'not_admitted', 'granted',
  'not_funded', 'revoked', 'paid'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export const APPLICATION_TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  draft: ['submitted', 'funded', 'reserve'],
  submitted: ['withdrawn', 'not_admitted', 'granted', 'not_funded'],
  funded: ['withdrawn', 'not_admitted', 'granted'],
  reserve: ['funded', 'withdrawn', 'not_admitted', 'not_funded'],
  withdrawn: [],
  not_admitted: [],
  granted: ['revoked', 'paid'],
  not_funded: ['granted'],
  revoked: [],
  paid: [],
}

export const canMove = (from: ApplicationStatus, to: ApplicationStatus) => APPLICATION_TRANSITIONS[from].includes(to)
/** Statuses a firm may withdraw from. */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['submitted', 'funded', 'reserve']
/** Statuses whose money counts as aid for de minimis (held or granted). */
export const AID_STATUSES: readonly ApplicationStatus[] = ['funded', 'granted', 'paid']

/** A reserve quota: a share of the envelope kept for a category of firms (e.g. micro firms). */
export const ReserveQuota = Type.Object({
  code: CallCode,
  label: LocalText(200),
  sharePm: Type.Integer({ minimum: 1, maximum: 1000, description: 'share of the envelope, per mille' }),
  sizeClasses: Type.Array(Type.Enum(SIZE_CLASSES), { maxItems: 4, uniqueItems: true }),
  atecoPrefixes: Type.Array(AtecoPrefix, { maxItems: 50, uniqueItems: true }),
}, { additionalProperties: false })
export type ReserveQuota = Static<typeof ReserveQuota>

/** A quota's size: its share of the envelope, rounded down to the cent (the rest stays general). */
export const quotaSizeCents = (envelopeCents: number, sharePm: number) => Math.floor((envelopeCents * sharePm) / 1000)

/**
 * The quota a firm falls in: the first whose conditions all hold (an empty list is no condition;
 * a quota needs at least one condition). Null: the general pool only.
 */
export function quotaFor(quotas: readonly ReserveQuota[], firm: { sizeClass: string | null; atecoCode: string | null; atecoSection: string | null }): string | null {
  for (const q of quotas) {
    const size = q.sizeClasses.length === 0 || (firm.sizeClass !== null && (q.sizeClasses as readonly string[]).includes(firm.sizeClass))
    const ateco = q.atecoPrefixes.length === 0 || q.atecoPrefixes.some((p) => atecoMatches(p, firm.atecoCode, firm.atecoSection))
    if (size && ateco) return q.code
  }
  return null
}
