import { Type, type Static } from 'typebox'
import type { FieldProblem } from '../common.ts'
import { AdmissibilityDetail, type Detail } from './detail.ts'
import { Nullable } from '../common.ts'

/**
 * The formal admissibility check (istruttoria formale) of a submitted application, recorded by a
 * coordinator. The server proposes each check's outcome from what it knows (documents attached,
 * declarations, eligibility re-checked on today's register data, de minimis room today, a
 * completed self-assessment through the assessment module); the annual fee rests on a declaration
 * the platform cannot verify, so its check is 'verify' (the coordinator looks it up). The
 * coordinator records pass or fail for every check that applies to the call, with a note whenever
 * the outcome is a fail or differs from the proposal. Admissible = every check passes.
 */
export const ADMISSIBILITY_CHECKS = ['documents', 'declarations', 'eligibility', 'annual_fee', 'de_minimis', 'assessment'] as const
export type AdmissibilityCheckCode = (typeof ADMISSIBILITY_CHECKS)[number]
export const PROPOSED_OUTCOMES = ['pass', 'fail', 'verify'] as const
export type ProposedOutcome = (typeof PROPOSED_OUTCOMES)[number]
export const RECORDED_OUTCOMES = ['pass', 'fail'] as const
export type RecordedOutcome = (typeof RECORDED_OUTCOMES)[number]

/** Which checks a call's application goes through. */
export function applicableChecks(call: { eligibility: { annualFeePaid: boolean; assessment: unknown } }): AdmissibilityCheckCode[] {
  return ADMISSIBILITY_CHECKS.filter((c) => (c === 'annual_fee' ? call.eligibility.annualFeePaid : c === 'assessment' ? call.eligibility.assessment !== null : true))
}

export interface RecordedCheck { code: AdmissibilityCheckCode; outcome: RecordedOutcome; note?: string | null }
/** A proposed outcome with what the system found, as codes the client words (detail.ts). */
export interface ProposedCheck { code: AdmissibilityCheckCode; outcome: ProposedOutcome; details: Detail[] }

/** What is wrong with a recorded checklist (empty: it can be stored). */
export function checklistProblems(applicable: readonly AdmissibilityCheckCode[], proposed: readonly ProposedCheck[],
  recorded: readonly RecordedCheck[]): FieldProblem[] {
  const out: FieldProblem[] = []
  const seen = new Set<string>()
  recorded.forEach((c, i) => {
    if (!applicable.includes(c.code)) out.push({ path: `/checks/${i}/code`, message: `the call has no '${c.code}' check`, code: 'check_not_applicable', params: { check: c.code } })
    if (seen.has(c.code)) out.push({ path: `/checks/${i}/code`, message: `'${c.code}' appears twice`, code: 'check_twice', params: { check: c.code } })
    seen.add(c.code)
    const p = proposed.find((x) => x.code === c.code)
    const note = c.note?.trim()
    if (c.outcome === 'fail' && !note) out.push({ path: `/checks/${i}/note`, message: 'a failed check needs a note saying why', code: 'note_for_fail' })
    else if (p && p.outcome !== 'verify' && p.outcome !== c.outcome && !note) {
      out.push({ path: `/checks/${i}/note`, message: `the system found '${p.outcome}': a different outcome needs a note`, code: 'note_for_override' })
    }
  })
  applicable.forEach((code) => { if (!seen.has(code)) out.push({ path: '/checks', message: `the '${code}' check is missing`, code: 'check_missing', params: { check: code } }) })
  return out
}

const NamedRef = Type.Object({ id: Type.Integer(), name: Type.String() })

export const ProposedCheckSchema = Type.Object({
  code: Type.Enum(ADMISSIBILITY_CHECKS),
  outcome: Type.Enum(PROPOSED_OUTCOMES),
  details: Type.Array(AdmissibilityDetail),
})
export const RecordedCheckSchema = Type.Object({
  code: Type.Enum(ADMISSIBILITY_CHECKS),
  outcome: Type.Enum(RECORDED_OUTCOMES),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
}, { additionalProperties: false })

export const RecordAdmissibilityBody = Type.Object({
  checks: Type.Array(RecordedCheckSchema, { minItems: 1, maxItems: ADMISSIBILITY_CHECKS.length }),
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false })
export type RecordAdmissibilityBody = Static<typeof RecordAdmissibilityBody>

export const RecordedAdmissibility = Type.Object({
  admissible: Type.Boolean(),
  checks: Type.Array(Type.Object({ code: Type.Enum(ADMISSIBILITY_CHECKS), outcome: Type.Enum(RECORDED_OUTCOMES), note: Nullable(Type.String()) })),
  notes: Nullable(Type.String()),
  recordedBy: Nullable(NamedRef),
  recordedAt: Type.String({ format: 'date-time' }),
})
export type RecordedAdmissibility = Static<typeof RecordedAdmissibility>

/** The checklist as the coordinator sees it: what applies, what the system proposes, what was recorded. */
export const AdmissibilityView = Type.Object({
  applicationId: Type.Integer(),
  applicable: Type.Array(Type.Enum(ADMISSIBILITY_CHECKS)),
  proposed: Type.Array(ProposedCheckSchema),
  recorded: Nullable(RecordedAdmissibility),
})
export type AdmissibilityView = Static<typeof AdmissibilityView>
