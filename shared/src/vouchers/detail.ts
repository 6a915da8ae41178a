import { Type, type Static } from 'typebox'

/**
 * A fact the server states as a stable code and its parameters; the client words it in the
 * user's language (its catalogues hold one message per code). Parameter names tell the client how
 * to show a value: `...Cents` as euro, `...Date` as a date, `sizeClass` / `sizeClasses` and
 * `status` by their names in the CRM vocabulary, `province` by the province's name.
 */
export const DetailParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]))
export type DetailParams = Static<typeof DetailParams>

export const detailSchema = <C extends readonly string[]>(codes: C) => Type.Object({ code: Type.Enum(codes), params: DetailParams })
export interface Detail<C extends string = string> { code: C; params: DetailParams }

export const detail = <C extends string>(code: C, params: DetailParams = {}): Detail<C> => ({ code, params })

/** What an eligibility check found (eligibility.ts). */
export const ELIGIBILITY_DETAILS = ['size_class_unknown', 'size_class', 'seat', 'register_status', 'ateco_missing', 'ateco_excluded', 'ateco',
  'annual_fee_declared', 'annual_fee_undeclared', 'assessment_missing', 'assessment_done', 'assessment_old', 'truthful_declared',
  'truthful_undeclared'] as const
export type EligibilityDetailCode = (typeof ELIGIBILITY_DETAILS)[number]

/** What the admissibility proposal found: its own codes and the eligibility ones it repeats (admissibility.ts). */
export const ADMISSIBILITY_DETAILS = [...ELIGIBILITY_DETAILS, 'documents_missing', 'documents_complete', 'declarations_missing',
  'declarations_complete', 'firm_gone', 'annual_fee_verify', 'de_minimis_room', 'de_minimis_reduced', 'de_minimis_refused'] as const
export type AdmissibilityDetailCode = (typeof ADMISSIBILITY_DETAILS)[number]

/** Why a call's proposal cannot be computed now (proposal.ts on the server). */
export const BLOCKER_DETAILS = ['fcfs', 'call_draft', 'window_open', 'checklists_pending', 'scores_missing'] as const
export type BlockerDetailCode = (typeof BLOCKER_DETAILS)[number]

/**
 * Why an application's status is what it is, when the platform decided it (reserve list, close-out,
 * envelope, de minimis, the reporting deadline); a person's reason stays their own words.
 */
export const STATUS_REASON_DETAILS = ['reserve_admitted', 'withdrawn_by_applicant', 'reserve_at_close_out', 'envelope_exhausted',
  'reduced_to_remaining', 'reduced_to_freed', 'reduced_pro_rata', 'report_not_submitted', 'de_minimis_reduced'] as const
export type StatusReasonCode = (typeof STATUS_REASON_DETAILS)[number]
export type StatusReasonDetail = Detail<StatusReasonCode>

/** Every code the client words: one namespace, `vouchers.details.<code>` in its catalogues. */
export const DETAIL_CODES = [...new Set([...ADMISSIBILITY_DETAILS, ...BLOCKER_DETAILS, ...STATUS_REASON_DETAILS])]

export const EligibilityDetail = detailSchema(ELIGIBILITY_DETAILS)
export const AdmissibilityDetail = detailSchema(ADMISSIBILITY_DETAILS)
export const BlockerDetail = detailSchema(BLOCKER_DETAILS)
export const StatusReasonDetail = detailSchema(STATUS_REASON_DETAILS)
