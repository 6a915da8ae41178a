import { Type, type Static } from 'typebox'

/**
 * A digital-maturity questionnaire is data: dimensions, questions, each option's points, weights,
 * conditional questions, help texts in Italian and English, and the five maturity levels. This
 * schema validates its shape; definition-check.ts adds the rules a schema cannot say (unique
 * keys, conditions pointing at earlier questions...). Publishing freezes a version.
 */
export const I18nText = (maxLength = 500) => Type.Object(
  { it: Type.String({ minLength: 1, maxLength }), en: Type.String({ minLength: 1, maxLength }) },
  { additionalProperties: false },
)
export type I18nText = { it: string; en: string }

/** A key inside a definition: lower case, digits, '_' or '-'. */
export const DefinitionKey = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' })

export const QUESTION_KINDS = ['single', 'multi', 'scale', 'yes_no', 'number', 'text'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]
/** The 0-5 adoption scale: 0 = not at all ... 5 = fully integrated. */
export const SCALE_MAX = 5

export const QuestionOption = Type.Object({
  key: DefinitionKey,
  label: I18nText(200),
  points: Type.Number({ minimum: 0, maximum: 100 }),
}, { additionalProperties: false })
export type QuestionOption = Static<typeof QuestionOption>

/** For number questions: a value of at least `min` earns `points` (the highest band reached counts). */
export const NumberBand = Type.Object({
  min: Type.Number({ minimum: 0 }),
  points: Type.Number({ minimum: 0, maximum: 100 }),
}, { additionalProperties: false })
export type NumberBand = Static<typeof NumberBand>

/** Shown only when an earlier question got one of these options (`anyOf`) or at least this value (`atLeast`). */
export const ShowIf = Type.Object({
  question: DefinitionKey,
  anyOf: Type.Optional(Type.Array(DefinitionKey, { minItems: 1, maxItems: 20, uniqueItems: true })),
  atLeast: Type.Optional(Type.Number({ minimum: 0 })),
}, { additionalProperties: false })
export type ShowIf = Static<typeof ShowIf>

export const Question = Type.Object({
  id: DefinitionKey,
  dimension: DefinitionKey,
  kind: Type.Enum(QUESTION_KINDS),
  text: I18nText(400),
  help: Type.Optional(I18nText(1000)),
  /** Relative weight inside its dimension; 0 = asked but not scored. */
  weight: Type.Number({ minimum: 0, maximum: 10 }),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(QuestionOption, { minItems: 2, maxItems: 12 })),
  /** multi: points needed for a full score (default: the sum of all options' points). */
  maxPoints: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
  bands: Type.Optional(Type.Array(NumberBand, { minItems: 1, maxItems: 10 })),
  unit: Type.Optional(I18nText(40)),
  showIf: Type.Optional(ShowIf),
}, { additionalProperties: false })
export type Question = Static<typeof Question>

export const Dimension = Type.Object({
  key: DefinitionKey,
  title: I18nText(120),
  description: Type.Optional(I18nText(600)),
  /** Weight in the overall score (the EU DMA uses equal weights: the overall is their mean). */
  weight: Type.Number({ minimum: 0, maximum: 10 }),
  /** Partner competence tags that help with this dimension (recommendations). */
  competences: Type.Array(Type.String({ pattern: '^[a-z0-9]+([.-][a-z0-9]+)*$', maxLength: 40 }), { maxItems: 20 }),
}, { additionalProperties: false })
export type Dimension = Static<typeof Dimension>

export const MaturityLevel = Type.Object({
  level: Type.Integer({ minimum: 1, maximum: 5 }),
  key: DefinitionKey,
  /** Lowest overall score (0-100, whole points) of the level. */
  min: Type.Integer({ minimum: 0, maximum: 100 }),
  label: I18nText(60),
  description: I18nText(600),
}, { additionalProperties: false })
export type MaturityLevel = Static<typeof MaturityLevel>

export const QuestionnaireDefinition = Type.Object({
  title: I18nText(200),
  intro: Type.Optional(I18nText(2000)),
  dimensions: Type.Array(Dimension, { minItems: 1, maxItems: 12 }),
  questions: Type.Array(Question, { minItems: 1, maxItems: 150 }),
  levels: Type.Array(MaturityLevel, { minItems: 5, maxItems: 5 }),
}, { additionalProperties: false })
export type QuestionnaireDefinition = Static<typeof QuestionnaireDefinition>

/** An answer: an option key (single, yes_no), option keys (multi), a number (scale, number) or text. */
export const AnswerValue = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Array(DefinitionKey, { maxItems: 12, uniqueItems: true }),
  Type.Number({ minimum: 0, maximum: 1e9 }),
])
export type AnswerValue = Static<typeof AnswerValue>
export const Answers = Type.Record(DefinitionKey, AnswerValue, { maxProperties: 150 })
export type Answers = Record<string, AnswerValue>
