import { Type, type Static } from 'typebox'
import { Id, Nullable, Page, PatchBody, Timestamp } from '../common.ts'
import { AnswerValue, DefinitionKey, I18nText, QuestionnaireDefinition } from './questionnaire.ts'

/** The assessment module's API contract: questionnaires, the firm's form, reports, reviews, analytics. */
const Level = Type.Integer({ minimum: 1, maximum: 5 })
const Score = Type.Integer({ minimum: 0, maximum: 100 })
const Day = Type.String({ format: 'date' })

export const QUESTIONNAIRE_STATUSES = ['draft', 'published', 'retired'] as const
export const ASSESSMENT_STATUSES = ['draft', 'submitted'] as const
export const PLAN_ITEM_KINDS = ['training', 'voucher', 'mentoring', 'partner_referral'] as const
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number]
export const PLAN_ITEM_STATUSES = ['open', 'done', 'cancelled'] as const
export const SERVICE_LINES = ['A', 'B', 'C', 'D'] as const
/** Benchmark groups smaller than this are not shown: too few firms to stay anonymous. */
export const BENCHMARK_MIN_GROUP = 10

export const ChamberAssessmentParams = Type.Object({ chamberId: Id, assessmentId: Id }, { additionalProperties: false })
export const ChamberQuestionnaireParams = Type.Object({ chamberId: Id, questionnaireId: Id }, { additionalProperties: false })
export const ChamberFirmParams = Type.Object({ chamberId: Id, firmId: Id }, { additionalProperties: false })
export const FirmAssessmentParams = Type.Object({ assessmentId: Id }, { additionalProperties: false })
export const PlanItemParams = Type.Object({ chamberId: Id, assessmentId: Id, itemId: Id }, { additionalProperties: false })
export const ServiceParams = Type.Object({ chamberId: Id, serviceId: Id }, { additionalProperties: false })

// --- questionnaires
export const QuestionnaireSummary = Type.Object({
  id: Id, chamberId: Nullable(Id), code: Type.String(), version: Type.Integer(), status: Type.Enum(QUESTIONNAIRE_STATUSES),
  title: I18nText(200), questionCount: Type.Integer(), createdAt: Timestamp, updatedAt: Timestamp, publishedAt: Nullable(Timestamp),
})
export type QuestionnaireSummary = Static<typeof QuestionnaireSummary>
export const QuestionnaireDetail = Type.Object({ ...QuestionnaireSummary.properties, definition: QuestionnaireDefinition })
export type QuestionnaireDetail = Static<typeof QuestionnaireDetail>
export const QuestionnaireList = Type.Object({ items: Type.Array(QuestionnaireSummary) })
export type QuestionnaireList = Static<typeof QuestionnaireList>

export const CreateQuestionnaireBody = Type.Object({
  copyFrom: Id,
  code: Type.Optional(DefinitionKey),
}, { additionalProperties: false, description: 'a new draft: a copy of copyFrom, as the next version of its code (or version 1 of a new code)' })
export type CreateQuestionnaireBody = Static<typeof CreateQuestionnaireBody>
export const UpdateQuestionnaireBody = Type.Object({ definition: QuestionnaireDefinition }, { additionalProperties: false })
export type UpdateQuestionnaireBody = Static<typeof UpdateQuestionnaireBody>

// --- the firm's form
export const DimensionResult = Type.Object({ key: Type.String(), score: Score, answered: Type.Integer(), visible: Type.Integer() })
export const AssessmentProgress = Type.Object({ answered: Type.Integer(), visible: Type.Integer(), missing: Type.Array(Type.String()) })

export const FirmAssessment = Type.Object({
  id: Id,
  status: Type.Enum(ASSESSMENT_STATUSES),
  questionnaireId: Id,
  answers: Type.Record(Type.String(), AnswerValue),
  currentStep: Type.Integer(),
  progress: AssessmentProgress,
  overall: Nullable(Score),
  level: Nullable(Level),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  submittedAt: Nullable(Timestamp),
})
export type FirmAssessment = Static<typeof FirmAssessment>

export const FirmAssessmentState = Type.Object({
  firm: Type.Object({ id: Id, name: Type.String() }),
  questionnaire: Type.Object({ id: Id, code: Type.String(), version: Type.Integer(), definition: QuestionnaireDefinition }),
  draft: Nullable(FirmAssessment),
  submitted: Type.Array(Type.Object({ id: Id, submittedAt: Timestamp, overall: Score, level: Level })),
})
export type FirmAssessmentState = Static<typeof FirmAssessmentState>

export const SaveAnswersBody = Type.Object({
  answers: Type.Record(DefinitionKey, Nullable(AnswerValue), { maxProperties: 150, description: 'null removes an answer' }),
  currentStep: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
}, { additionalProperties: false })
export type SaveAnswersBody = Static<typeof SaveAnswersBody>

// --- report
export const BenchmarkGroup = Type.Object({
  scope: Type.Union([Type.Literal('region'), Type.Literal('national')]),
  atecoSection: Nullable(Type.String()),
  sizeClass: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  firms: Type.Integer({ description: 'firms in the group (latest submitted assessment each)' }),
  available: Type.Boolean({ description: `false when the group has fewer than ${BENCHMARK_MIN_GROUP} firms` }),
  median: Nullable(Type.Number()),
  percentile: Nullable(Type.Integer({ minimum: 0, maximum: 100, description: 'share of the group scoring below, plus half of those scoring the same' })),
})
export type BenchmarkGroup = Static<typeof BenchmarkGroup>

export const Recommendation = Type.Object({
  source: Type.String({ description: "the plugged-in source: 'catalogue', 'partners', ..." }),
  dimension: Type.String(),
  title: I18nText(300),
  description: I18nText(1000),
  url: Nullable(Type.String()),
  ref: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
})
export type Recommendation = Static<typeof Recommendation>

export const ReviewedDimension = Type.Object({ score: Score, note: Nullable(Type.String()) })
export const AssessmentReview = Type.Object({
  reviewer: Nullable(Type.Object({ id: Id, name: Type.String() })),
  dimensions: Type.Record(Type.String(), ReviewedDimension),
  overall: Score,
  level: Level,
  improvementAreas: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  reviewedAt: Timestamp,
})
export type AssessmentReview = Static<typeof AssessmentReview>

export const AssessmentReport = Type.Object({
  assessmentId: Id,
  firm: Type.Object({ id: Id, name: Type.String(), atecoSection: Nullable(Type.String()), sizeClass: Nullable(Type.String()), regionCode: Type.String() }),
  questionnaire: Type.Object({ id: Id, code: Type.String(), version: Type.Integer(), title: I18nText(200) }),
  round: Type.Integer({ description: '0 = first assessment (T0), 1 = T1, ...' }),
  submittedAt: Timestamp,
  overall: Score,
  level: Level,
  levels: Type.Array(Type.Object({ level: Level, min: Score, label: I18nText(60), description: I18nText(600) })),
  dimensions: Type.Array(Type.Object({ key: Type.String(), title: I18nText(120), score: Score, validated: Nullable(ReviewedDimension) })),
  strengths: Type.Array(Type.String()),
  gaps: Type.Array(Type.String()),
  recommendations: Type.Array(Recommendation),
  benchmark: Type.Object({ minGroupSize: Type.Integer(), groups: Type.Array(BenchmarkGroup) }),
  review: Nullable(AssessmentReview),
})
export type AssessmentReport = Static<typeof AssessmentReport>

// --- staff lists, detail, review, plan
export const AssessmentListItem = Type.Object({
  id: Id, firmId: Id, firmName: Type.String(), status: Type.Enum(ASSESSMENT_STATUSES), round: Nullable(Type.Integer()),
  overall: Nullable(Score), level: Nullable(Level), reviewed: Type.Boolean(), updatedAt: Timestamp, submittedAt: Nullable(Timestamp),
})
export type AssessmentListItem = Static<typeof AssessmentListItem>
export const AssessmentPage = Page(AssessmentListItem)
export type AssessmentPage = Static<typeof AssessmentPage>
export const AssessmentListQuery = Type.Object({
  status: Type.Optional(Type.Enum(ASSESSMENT_STATUSES)),
  level: Type.Optional(Level),
  reviewed: Type.Optional(Type.Boolean()),
  firmId: Type.Optional(Id),
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })
export type AssessmentListQuery = Static<typeof AssessmentListQuery>

export const PlanItem = Type.Object({
  id: Id, assessmentId: Id, kind: Type.Enum(PLAN_ITEM_KINDS), dimension: Nullable(Type.String()), title: Type.String(),
  dueOn: Day, partner: Nullable(Type.Object({ id: Id, name: Type.String() })), referralId: Nullable(Id),
  assignedTo: Nullable(Id), status: Type.Enum(PLAN_ITEM_STATUSES), createdAt: Timestamp,
})
export type PlanItem = Static<typeof PlanItem>

export const AssessmentDetail = Type.Object({
  ...AssessmentListItem.properties,
  questionnaire: Type.Object({ id: Id, code: Type.String(), version: Type.Integer(), definition: QuestionnaireDefinition }),
  answers: Type.Record(Type.String(), AnswerValue),
  dimensions: Type.Array(DimensionResult),
  review: Nullable(AssessmentReview),
  plan: Type.Array(PlanItem),
})
export type AssessmentDetail = Static<typeof AssessmentDetail>

export const ReviewBody = Type.Object({
  dimensions: Type.Record(DefinitionKey, Type.Object({ score: Score, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    { minProperties: 1, maxProperties: 12 }),
  improvementAreas: Type.Array(DefinitionKey, { maxItems: 12, uniqueItems: true }),
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false, description: 'a validated score for every dimension of the questionnaire' })
export type ReviewBody = Static<typeof ReviewBody>

export const CreatePlanItemBody = Type.Object({
  kind: Type.Enum(PLAN_ITEM_KINDS),
  dimension: Type.Optional(DefinitionKey),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  dueOn: Day,
  partnerId: Type.Optional(Id),
  assignedTo: Type.Optional(Id),
}, { additionalProperties: false, description: 'partner_referral needs partnerId: the item becomes a CRM referral' })
export type CreatePlanItemBody = Static<typeof CreatePlanItemBody>
export const UpdatePlanItemBody = Type.Object({ status: Type.Enum(PLAN_ITEM_STATUSES) }, { additionalProperties: false })
export type UpdatePlanItemBody = Static<typeof UpdatePlanItemBody>

// --- progress, cohorts, analytics
export const DimensionDelta = Type.Object({ key: Type.String(), t0: Score, t1: Score, delta: Type.Integer() })
export const FirmProgress = Type.Object({
  firmId: Id,
  assessments: Type.Array(Type.Object({ id: Id, round: Type.Integer(), submittedAt: Timestamp, overall: Score, level: Level })),
  comparison: Nullable(Type.Object({ t0: Id, t1: Id, overallDelta: Type.Integer(), levelDelta: Type.Integer(), dimensions: Type.Array(DimensionDelta) })),
})
export type FirmProgress = Static<typeof FirmProgress>

export const CohortQuery = Type.Object({ kind: Type.Enum(PLAN_ITEM_KINDS) }, { additionalProperties: false })
export const CohortGroup = Type.Object({
  firms: Type.Integer(),
  meanOverallDelta: Nullable(Type.Number({ description: 'one decimal' })),
  dimensions: Type.Array(Type.Object({ key: Type.String(), meanDelta: Type.Number() })),
})
export const CohortView = Type.Object({ kind: Type.Enum(PLAN_ITEM_KINDS), with: CohortGroup, without: CohortGroup })
export type CohortView = Static<typeof CohortView>

export const ANALYTICS_GROUPINGS = ['chamber', 'sector', 'size'] as const
export const AnalyticsQuery = Type.Object({ by: Type.Optional(Type.Enum(ANALYTICS_GROUPINGS, { default: 'sector' })) }, { additionalProperties: false })
export type AnalyticsQuery = Static<typeof AnalyticsQuery>
export const AnalyticsGroup = Type.Object({
  key: Nullable(Type.String()), label: Nullable(Type.String()), firms: Type.Integer(),
  levels: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'firms at levels 1..5' }),
  median: Nullable(Type.Number()),
})
export const Analytics = Type.Object({
  scope: Type.String(), by: Type.Enum(ANALYTICS_GROUPINGS), firms: Type.Integer(),
  levels: Type.Array(Type.Integer()), scoreBands: Type.Array(Type.Integer(), { description: 'firms per 10-point band: 0-9, 10-19, ..., 90-100' }),
  groups: Type.Array(AnalyticsGroup),
})
export type Analytics = Static<typeof Analytics>
export const RegionParams = Type.Object({ regionCode: Type.String({ pattern: '^[0-9]{2}$' }) }, { additionalProperties: false })
export const LevelDistribution = Type.Object({ regionCode: Type.String(), firms: Type.Integer(), levels: Type.Array(Type.Integer()) })
export type LevelDistribution = Static<typeof LevelDistribution>

// --- service catalogue
export const CatalogueService = Type.Object({
  id: Id, chamberId: Nullable(Id), code: Type.String(), serviceLine: Type.Enum(SERVICE_LINES), title: I18nText(300),
  description: I18nText(1000), dimensions: Type.Array(Type.String()), belowScore: Type.Integer(), url: Nullable(Type.String()), active: Type.Boolean(),
})
export type CatalogueService = Static<typeof CatalogueService>
export const CatalogueList = Type.Object({ items: Type.Array(CatalogueService) })
export type CatalogueList = Static<typeof CatalogueList>
const serviceFields = {
  serviceLine: Type.Enum(SERVICE_LINES),
  title: I18nText(300),
  description: I18nText(1000),
  dimensions: Type.Array(DefinitionKey, { minItems: 1, maxItems: 12, uniqueItems: true }),
  belowScore: Type.Integer({ minimum: 1, maximum: 101, description: 'recommended while the dimension scores below this' }),
  url: Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 })),
  active: Type.Boolean(),
}
export const CreateServiceBody = Type.Object({ code: DefinitionKey, ...serviceFields }, { additionalProperties: false })
export type CreateServiceBody = Static<typeof CreateServiceBody>
export const UpdateServiceBody = PatchBody(Type.Object(serviceFields), {})
export type UpdateServiceBody = Static<typeof UpdateServiceBody>

/** The firm's plan as the firm sees it (its home): the plan items of its reviewed assessments, without staff's assignments. */
export const FirmPlanItem = Type.Omit(PlanItem, ['assignedTo', 'referralId'])
export type FirmPlanItem = Static<typeof FirmPlanItem>
export const FirmPlan = Type.Object({ items: Type.Array(FirmPlanItem) })
export type FirmPlan = Static<typeof FirmPlan>
