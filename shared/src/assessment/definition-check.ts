import { Value } from 'typebox/value'
import { QuestionnaireDefinition, SCALE_MAX, type Answers, type AnswerValue, type Question } from './questionnaire.ts'
import { maxPoints } from './scoring.ts'

/** Parameters the client words a problem with (scalars and lists of strings, as ProblemParams). */
type Params = Record<string, string | number | boolean | string[]>

/**
 * One problem of a definition or of answers: its JSON pointer, an English message for API
 * consumers, and what the client words (`problems.fields.<code>`, or a JSON Schema `keyword`
 * with its `params`, as every field error of the API).
 */
export interface DefinitionProblem { path: string; message: string; code?: string; keyword?: string; params?: Params }

/** The rules a schema cannot express, by code: the client words each one (`problems.fields.<code>`). */
export const QUESTIONNAIRE_CHECK_CODES = [
  'dimension_key_twice', 'no_weighted_dimension', 'question_id_twice', 'unknown_dimension', 'options_needed', 'options_not_allowed',
  'bands_needed', 'bands_not_allowed', 'max_points_not_allowed', 'option_key_twice', 'text_not_scored', 'no_points',
  'condition_not_earlier', 'condition_empty', 'condition_unknown_option', 'condition_at_least_kind', 'dimension_unscored',
  'levels_not_sequential', 'level_one_not_zero', 'levels_not_rising', 'answer_no_question', 'answer_not_valid',
] as const
export type QuestionnaireCheckCode = (typeof QUESTIONNAIRE_CHECK_CODES)[number]

/** TypeBox's params as the client can word them: scalars and lists of scalars (a schema is left out). */
function wordable(params: Record<string, unknown>): Params {
  const out: Params = {}
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
    else if (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) out[k] = v.map(String)
  }
  return out
}

export function definitionProblems(def: unknown): DefinitionProblem[] {
  if (!Value.Check(QuestionnaireDefinition, def)) {
    return [...Value.Errors(QuestionnaireDefinition, def)].slice(0, 50)
      .map((e) => ({ path: e.instancePath || '/', message: e.message, keyword: e.keyword, params: wordable(e.params as Record<string, unknown>) }))
  }
  const d = def as QuestionnaireDefinition
  const problems: DefinitionProblem[] = []
  const add = (path: string, code: QuestionnaireCheckCode, message: string, params?: Params) =>
    problems.push({ path, message, code, ...(params ? { params } : {}) })
  const dims = new Set<string>()
  d.dimensions.forEach((dim, i) => {
    if (dims.has(dim.key)) add(`/dimensions/${i}/key`, 'dimension_key_twice', `duplicate dimension key ${dim.key}`, { key: dim.key })
    dims.add(dim.key)
  })
  if (!d.dimensions.some((dim) => dim.weight > 0)) add('/dimensions', 'no_weighted_dimension', 'at least one dimension needs a weight above 0')
  const seen = new Map<string, Question>()
  d.questions.forEach((q, i) => {
    const at = `/questions/${i}`
    if (seen.has(q.id)) add(`${at}/id`, 'question_id_twice', `duplicate question id ${q.id}`, { id: q.id })
    if (!dims.has(q.dimension)) add(`${at}/dimension`, 'unknown_dimension', `unknown dimension ${q.dimension}`, { dimension: q.dimension })
    const needsOptions = q.kind === 'single' || q.kind === 'multi' || q.kind === 'yes_no'
    if (needsOptions && !q.options) add(`${at}/options`, 'options_needed', `a ${q.kind} question needs options`, { questionKind: q.kind })
    if (!needsOptions && q.options) add(`${at}/options`, 'options_not_allowed', `a ${q.kind} question has no options`, { questionKind: q.kind })
    if (q.kind === 'number' && !q.bands) add(`${at}/bands`, 'bands_needed', 'a number question needs point bands')
    if (q.kind !== 'number' && q.bands) add(`${at}/bands`, 'bands_not_allowed', 'only number questions have bands')
    if (q.maxPoints !== undefined && q.kind !== 'multi') add(`${at}/maxPoints`, 'max_points_not_allowed', 'only multiple-choice questions have maxPoints')
    const keys = new Set<string>()
    q.options?.forEach((o, j) => {
      if (keys.has(o.key)) add(`${at}/options/${j}/key`, 'option_key_twice', `duplicate option key ${o.key}`, { key: o.key })
      keys.add(o.key)
    })
    if (q.kind === 'text' && q.weight > 0) add(`${at}/weight`, 'text_not_scored', 'free-text answers are not scored: use weight 0')
    if (q.kind !== 'text' && q.weight > 0 && maxPoints(q) <= 0) add(`${at}`, 'no_points', 'a scored question needs an answer worth points')
    if (q.showIf) {
      const trigger = seen.get(q.showIf.question)
      if (!trigger) add(`${at}/showIf/question`, 'condition_not_earlier', 'a condition must refer to an earlier question')
      else {
        if (!q.showIf.anyOf && q.showIf.atLeast === undefined) add(`${at}/showIf`, 'condition_empty', 'give anyOf or atLeast')
        const tKeys = new Set((trigger.options ?? []).map((o) => o.key))
        q.showIf.anyOf?.forEach((k, j) => { if (!tKeys.has(k)) add(`${at}/showIf/anyOf/${j}`, 'condition_unknown_option', `option ${k} is not an option of ${trigger.id}`, { option: k, question: trigger.id }) })
        if (q.showIf.atLeast !== undefined && trigger.kind !== 'scale' && trigger.kind !== 'number') {
          add(`${at}/showIf/atLeast`, 'condition_at_least_kind', 'atLeast applies to scale and number questions')
        }
      }
    }
    seen.set(q.id, q)
  })
  for (const key of dims) {
    if (!d.questions.some((q) => q.dimension === key && q.weight > 0 && !q.showIf)) {
      add('/questions', 'dimension_unscored', `dimension ${key} needs at least one scored question that is always shown`, { dimension: key })
    }
  }
  const levels = [...d.levels].sort((a, b) => a.level - b.level)
  levels.forEach((l, i) => {
    if (l.level !== i + 1) add('/levels', 'levels_not_sequential', 'levels must be 1 to 5, once each')
    else if (i === 0 && l.min !== 0) add('/levels', 'level_one_not_zero', 'level 1 starts at 0')
    else if (i > 0 && l.min <= levels[i - 1]!.min) add('/levels', 'levels_not_rising', 'each level starts above the one before')
  })
  return problems.filter((p, i) => problems.findIndex((o) => o.path === p.path && o.message === p.message) === i)
}

/**
 * Problems of (partial) answers against a definition: unknown questions, wrong kinds of value,
 * unknown options, out-of-range numbers. `null` (remove the answer) is always fine.
 */
export function answerProblems(def: QuestionnaireDefinition, answers: Record<string, AnswerValue | null>): DefinitionProblem[] {
  const byId = new Map(def.questions.map((q) => [q.id, q]))
  const problems: DefinitionProblem[] = []
  for (const [id, v] of Object.entries(answers)) {
    const q = byId.get(id)
    const path = `/answers/${id}`
    if (!q) { problems.push({ path, message: 'no such question in this questionnaire', code: 'answer_no_question' }); continue }
    if (v === null) continue
    const keys = new Set((q.options ?? []).map((o) => o.key))
    let ok: boolean
    switch (q.kind) {
      case 'single': case 'yes_no': ok = typeof v === 'string' && keys.has(v); break
      case 'multi': ok = Array.isArray(v) && v.every((k) => keys.has(k)); break
      case 'scale': ok = typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= SCALE_MAX; break
      case 'number': ok = typeof v === 'number' && Number.isFinite(v) && v >= 0; break
      default: ok = typeof v === 'string'
    }
    if (!ok) problems.push({ path, message: expected(q), code: 'answer_not_valid', params: { questionKind: q.kind } })
  }
  return problems
}

function expected(q: Question): string {
  switch (q.kind) {
    case 'single': case 'yes_no': return `one of: ${(q.options ?? []).map((o) => o.key).join(', ')}`
    case 'multi': return `a list of: ${(q.options ?? []).map((o) => o.key).join(', ')}`
    case 'scale': return `a whole number from 0 to ${SCALE_MAX}`
    case 'number': return 'a number, 0 or more'
    default: return 'a text'
  }
}

/** Applies a partial update: null removes an answer. */
export function mergeAnswers(current: Answers, patch: Record<string, AnswerValue | null>): Answers {
  const next: Answers = { ...current }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k]
    else next[k] = v
  }
  return next
}
