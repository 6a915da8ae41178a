/**
 * CRM domain vocabulary shared by server and client: the awareness path, the kinds of touch on a
 * firm's timeline, and the EU size classes.
 */

/** The six stages of the awareness path (seed, section 3); 0 = not reached yet. */
export const STAGES = [
  'not_reached',
  'informed',
  'self_positioned',
  'inspired',
  'committed',
  'experimenting',
  'co_designing',
] as const
export type StageKey = (typeof STAGES)[number]
export type Stage = 0 | 1 | 2 | 3 | 4 | 5 | 6

export const TIMELINE_TYPES = [
  'desk_visit',
  'call',
  'email',
  'promoter_visit',
  'event_attendance',
  'assessment',
  'voucher',
  'mentoring',
  'referral',
  'partner_feedback',
  'workshop',
  'co_design',
  'note',
  'stage_change',
  'campaign_outcome',
  'registry_update',
  'merge',
  // assessment: the expert review (with benchmarks) and the agreed intervention plan
  'assessment_review',
  'assessment_plan',
  // vouchers: an application submitted (with its protocol), admitted from the reserve list, withdrawn
  'voucher_submitted',
  'voucher_admitted',
  'voucher_withdrawn',
  // vouchers, evaluation: admissibility and decision (granted / not funded / not admitted), reporting, payment, revocation
  'voucher_evaluated',
  'voucher_decided',
  'voucher_reported',
  'voucher_paid',
  'voucher_revoked',
  // the firm's home: the firm asked the PID for help
  'help_request',
] as const
export type TimelineType = (typeof TIMELINE_TYPES)[number]

/**
 * What a touch proves about the firm's awareness: the least stage it implies. Stages advance
 * automatically only forward (first event attended -> informed; assessment completed ->
 * self-positioned; ...); staff may set any stage by hand, with a reason.
 */
export const STAGE_IMPLIED_BY: Partial<Record<TimelineType, Stage>> = {
  desk_visit: 1,
  event_attendance: 1,
  promoter_visit: 1,
  assessment: 2,
  // Reviewing the result with a PID expert, benchmarks included: the firm has seen where it stands among peers.
  assessment_review: 3,
  // An agreed plan with who does what: the firm decided to act and found who helps.
  assessment_plan: 4,
  mentoring: 4,
  referral: 4,
  voucher: 4,
  // Applying for a voucher: the firm decided to act on its digital plan.
  voucher_submitted: 4,
  voucher_admitted: 4,
  voucher_decided: 4,
  // Carrying out a funded digital project and reporting it: still stage 4 (acting with who helps).
  voucher_reported: 4,
  voucher_paid: 4,
  workshop: 5,
  co_design: 6,
}

/** The stage a firm reaches after a touch of `type`: never lower than where it is. */
export function stageAfter(current: Stage, type: TimelineType): Stage {
  const implied = STAGE_IMPLIED_BY[type]
  return implied !== undefined && implied > current ? implied : current
}

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const
export type SizeClass = (typeof SIZE_CLASSES)[number]

/**
 * EU Recommendation 2003/361: the headcount ceiling and either the turnover or the balance-sheet
 * ceiling. Amounts in euro cents. Unknown headcount: unknown class.
 */
export function sizeClass(employees: number | null | undefined, turnoverCents?: number | null,
  balanceSheetCents?: number | null): SizeClass | null {
  if (employees === null || employees === undefined) return null
  const M = 100_000_000 // one million euro in cents
  const within = (maxTurnover: number, maxBalance: number) =>
    (turnoverCents == null && balanceSheetCents == null) ||
    (turnoverCents != null && turnoverCents <= maxTurnover) ||
    (balanceSheetCents != null && balanceSheetCents <= maxBalance)
  if (employees < 10 && within(2 * M, 2 * M)) return 'micro'
  if (employees < 50 && within(10 * M, 10 * M)) return 'small'
  if (employees < 250 && within(50 * M, 43 * M)) return 'medium'
  return 'large'
}

export const LEGAL_FORMS = [
  'ditta_individuale', 'libero_professionista', 'snc', 'sas', 'srl', 'srls', 'spa', 'sapa',
  'cooperativa', 'consorzio', 'societa_semplice', 'altro',
] as const
export type LegalForm = (typeof LEGAL_FORMS)[number]

export const FIRM_STATUSES = ['active', 'inactive', 'ceased'] as const
export type FirmStatus = (typeof FIRM_STATUSES)[number]
