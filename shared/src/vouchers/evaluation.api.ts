import { Type, type Static } from 'typebox'
import { Id, NamedRef, Nullable, Page, Timestamp } from '../common.ts'
import { CallCode, LocalText } from './grant.ts'
import { ALLOCATION_METHODS, APPLICATION_STATUSES, CALL_PHASES } from './lifecycle.ts'
import { RecordedAdmissibility } from './admissibility.ts'
import { BlockerDetail, StatusReasonDetail } from './detail.ts'
import { VoucherPageQuery } from './applications.api.ts'

/** API contract of the evaluation: scores, the ranking or pro-rata proposal, decisions, the list for the decision act. */

export const ScoreEntry = Type.Object({
  criterion: CallCode,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false })
export const RecordScoresBody = Type.Object({
  scores: Type.Array(ScoreEntry, { minItems: 1, maxItems: 20 }),
}, { additionalProperties: false })
export type RecordScoresBody = Static<typeof RecordScoresBody>

export const ApplicationScores = Type.Object({
  applicationId: Id,
  scores: Type.Array(Type.Object({ criterion: Type.String(), score: Type.Integer(), note: Nullable(Type.String()), scoredBy: Nullable(NamedRef), scoredAt: Timestamp })),
  /** Every criterion of the call scored. */
  complete: Type.Boolean(),
  /** Total out of 100 in thousandths (rounded down, for display) once complete. */
  scoreMilli: Nullable(Type.Integer()),
})
export type ApplicationScores = Static<typeof ApplicationScores>

export const ADMISSIBILITY_STATES = ['pending', 'admissible', 'not_admissible'] as const
export const DECISION_OUTCOMES = ['granted', 'not_funded', 'not_admitted'] as const
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number]

/** Where an application stands in the evaluation: checklist, merit, proposal, decision, RNA codes. */
/** Where an application stands, as its page and a row of the evaluation board both show it. */
const evaluationFigures = {
  requestedCents: Nullable(Type.Integer()),
  heldCents: Type.Integer(),
  admissibility: Type.Enum(ADMISSIBILITY_STATES),
  scoreMilli: Nullable(Type.Integer()),
  rank: Nullable(Type.Integer()),
  /** What the ranking or pro-rata computation proposes (fcfs: the money held). */
  proposedCents: Nullable(Type.Integer()),
  grantedCents: Nullable(Type.Integer()),
  decidedAt: Nullable(Timestamp),
}

export const ApplicationEvaluation = Type.Object({
  applicationId: Id,
  callId: Id,
  allocation: Type.Enum(ALLOCATION_METHODS),
  status: Type.Enum(APPLICATION_STATUSES),
  protocol: Nullable(Type.String()),
  ...evaluationFigures,
  checklist: Nullable(RecordedAdmissibility),
  paidCents: Nullable(Type.Integer()),
  decidedBy: Nullable(NamedRef),
  /** Why it was refused, reduced, revoked, or not funded, in a person's words... */
  reason: Nullable(Type.String()),
  /** ...or as the platform's code, when the platform decided it. */
  reasonDetail: Nullable(StatusReasonDetail),
  corCode: Nullable(Type.String()),
  carCode: Nullable(Type.String()),
  cup: Nullable(Type.String()),
  revokedAt: Nullable(Timestamp),
})
export type ApplicationEvaluation = Static<typeof ApplicationEvaluation>

/**
 * A decision. granted: amountCents (at most what the call can give it: fcfs, the money held;
 * ranking and pro rata, the computed proposal; reduced below it only with a reason) and the RNA COR
 * code, registered before the grant; not_funded: admitted, no money (ranking, pro rata); not_admitted:
 * refused, with the reason. The firm's contact gets a mail.
 */
export const VoucherDecisionBody = Type.Object({
  outcome: Type.Enum(DECISION_OUTCOMES),
  amountCents: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000_000 })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  corCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })),
}, { additionalProperties: false })
export type VoucherDecisionBody = Static<typeof VoucherDecisionBody>

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false })
export type RevokeBody = Static<typeof RevokeBody>

/** A row of the evaluation board. */
export const EvaluationRow = Type.Object({
  id: Id,
  protocol: Nullable(Type.String()),
  protocolNumber: Nullable(Type.Integer()),
  firm: NamedRef,
  status: Type.Enum(APPLICATION_STATUSES),
  ...evaluationFigures,
  scoresComplete: Type.Boolean(),
})
export type EvaluationRow = Static<typeof EvaluationRow>
export const EvaluationPage = Page(EvaluationRow)
export type EvaluationPage = Static<typeof EvaluationPage>
export const EvaluationQuery = Type.Object({
  /** protocol (default): every submitted application; rank: the ranked ones, best first. */
  order: Type.Optional(Type.Union([Type.Literal('protocol'), Type.Literal('rank')])),
  admissibility: Type.Optional(Type.Enum(ADMISSIBILITY_STATES)),
  ...VoucherPageQuery,
}, { additionalProperties: false })
export type EvaluationQuery = Static<typeof EvaluationQuery>

/** The evaluation of a call at a glance: progress, whether the proposal can be computed, money. */
export const CallEvaluation = Type.Object({
  callId: Id,
  allocation: Type.Enum(ALLOCATION_METHODS),
  phase: Type.Enum(CALL_PHASES),
  submitted: Type.Integer({ description: 'applications with a protocol (not withdrawn)' }),
  admissibility: Type.Object({ pending: Type.Integer(), admissible: Type.Integer(), notAdmissible: Type.Integer() }),
  scoresMissing: Type.Integer({ description: 'admissible applications of a ranking call not fully scored' }),
  /** When the ranking or pro-rata proposal was last computed. */
  evaluatedAt: Nullable(Timestamp),
  /** Whether it can be computed now, and if not why (fcfs calls need no computation). */
  computable: Type.Boolean(),
  blockers: Type.Array(BlockerDetail),
  envelopeCents: Type.Integer(),
  requestedAdmissibleCents: Type.Integer(),
  proposedCents: Type.Integer(),
  grantedCents: Type.Integer(),
  paidCents: Type.Integer(),
  availableCents: Type.Integer(),
  decided: Type.Record(Type.String(), Type.Integer(), { description: 'applications per status' }),
})
export type CallEvaluation = Static<typeof CallEvaluation>

/** A row of the list for the chamber's decision act. */
export const DecisionListRow = Type.Object({
  applicationId: Id,
  protocol: Type.String(),
  protocolNumber: Type.Integer(),
  firm: Type.Object({ id: Id, name: Type.String(), taxCode: Type.String() }),
  status: Type.Enum(APPLICATION_STATUSES),
  rank: Nullable(Type.Integer()),
  scoreMilli: Nullable(Type.Integer()),
  requestedCents: Type.Integer(),
  grantedCents: Nullable(Type.Integer()),
  corCode: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  reasonDetail: Nullable(StatusReasonDetail),
})
export type DecisionListRow = Static<typeof DecisionListRow>

/** Admitted and funded / admitted not funded / not admitted, with amounts, protocols and RNA codes. */
export const DecisionList = Type.Object({
  call: Type.Object({
    id: Id, code: Type.String(), title: LocalText(200), allocation: Type.Enum(ALLOCATION_METHODS), envelopeCents: Type.Integer(),
    carCode: Nullable(Type.String()), cup: Nullable(Type.String()), chamber: NamedRef,
  }),
  generatedAt: Timestamp,
  funded: Type.Array(DecisionListRow),
  notFunded: Type.Array(DecisionListRow),
  notAdmitted: Type.Array(DecisionListRow),
  /** Submitted applications still without a decision (the act waits for them). */
  undecided: Type.Integer(),
  fundedCents: Type.Integer(),
})
export type DecisionList = Static<typeof DecisionList>
export const DecisionListExportQuery = Type.Object({
  format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]),
}, { additionalProperties: false })
