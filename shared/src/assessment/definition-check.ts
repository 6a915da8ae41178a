import { Value } from 'typebox/value'
import { QuestionnaireDefinition, SCALE_MAX, type Answers, type AnswerValue, type Question } from './questionnaire.ts'
import { maxPoints } from './scoring.ts'

export interface DefinitionProblem { path: string; message: string }

/**
 * Every problem of a questionnaire definition: its shape (the TypeBox schema) and the rules a
 * schema cannot express. An empty list means it can be saved and published.
 */
export function definitionProblems(def: unknown): DefinitionProblem[] {
  if (!Value.Check(QuestionnaireDefinition, def)) {
    return [...Value.Errors(QuestionnaireDefinition, def)].slice(0, 50)
      .map((e) => ({ path: e.instancePath || '/', message: e.message }))
  }
  const d = def as QuestionnaireDefinition
  const problems: DefinitionProblem[] = []
  const add = (path: string, message: string) => problems.push({ path, message })
  const dims = new Set<string>()
  d.dimensions.forEach((dim, i) => {
    if (dims.has(dim.key)) add(`/dimensions/${i}/key`, `duplicate dimension key ${dim.key}`)
    dims.add(dim.key)
  })
  if (!d.dimensions.some((dim) => dim.weight > 0)) add('/dimensions', 'at least one dimension needs a weight above 0')
  const seen = new Map<string, Question>()
  d.questions.forEach((q, i) => {
    const at = `/questions/${i}`
    if (seen.has(q.id)) add(`${at}/id`, `duplicate question id ${q.id}`)
    if (!dims.has(q.dimension)) add(`${at}/dimension`, `unknown dimension ${q.dimension}`)
    const needsOptions = q.kind === 'single' || q.kind === 'multi' || q.kind === 'yes_no'
    if (needsOptions && !q.options) add(`${at}/options`, `a ${q.kind} question needs options`)
    if (!needsOptions && q.options) add(`${at}/options`, `a ${q.kind} question has no options`)
    if (q.kind === 'number' && !q.bands) add(`${at}/bands`, 'a number question needs point bands')
    if (q.kind !== 'number' && q.bands) add(`${at}/bands`, 'only number questions have bands')
    if (q.maxPoints !== undefined && q.kind !== 'multi') add(`${at}/maxPoints`, 'only multiple-choice questions have maxPoints')
    const keys = new Set<string>()
    q.options?.forEach((o, j) => {
      if (keys.has(o.key)) add(`${at}/options/${j}/key`, `duplicate option key ${o.key}`)
      keys.add(o.key)
    })
    if (q.kind === 'text' && q.weight > 0) add(`${at}/weight`, 'free-text answers are not scored: use weight 0')
    if (q.kind !== 'text' && q.weight > 0 && maxPoints(q) <= 0) add(`${at}`, 'a scored question needs an answer worth points')
    if (q.showIf) {
      const trigger = seen.get(q.showIf.question)
      if (!trigger) add(`${at}/showIf/question`, 'a condition must refer to an earlier question')
      else {
        if (!q.showIf.anyOf && q.showIf.atLeast === undefined) add(`${at}/showIf`, 'give anyOf or atLeast')
        const tKeys = new Set((trigger.options ?? []).map((o) => o.key))
        q.showIf.anyOf?.forEach((k, j) => { if (!tKeys.has(k)) add(`${at}/showIf/anyOf/${j}`, `option ${k} is not an option of ${trigger.id}`) })
        if (q.showIf.atLeast !== undefined && trigger.kind !== 'scale' && trigger.kind !== 'number') {
          add(`${at}/showIf/atLeast`, 'atLeast applies to scale and number questions')
        }
      }
    }
    seen.set(q.id, q)
  })
  for (const key of dims) {
    if (!d.questions.some((q) => q.dimension === key && q.weight > 0 && !q.showIf)) {
      add('/questions', `dimension ${key} needs at least one scored question that is always shown`)
    }
  }
  const levels = [...d.levels].sort((a, b) => a.level - b.level)
  levels.forEach((l, i) => {
    if (l.level !== i + 1) add('/levels', 'levels must be 1 to 5, once each')
    else if (i === 0 && l.min !== 0) add('/levels', 'level 1 starts at 0')
    else if (i > 0 && l.min <= levels[i - 1]!.min) add('/levels', 'each level starts above the one before')
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
    if (!q) { problems.push({ path, message: 'no such question in this questionnaire' }); continue }
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
    if (!ok) problems.push({ path, message: expected(q) })
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
