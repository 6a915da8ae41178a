import { SCALE_MAX, type AnswerValue, type Answers, type Question, type QuestionnaireDefinition } from './questionnaire.ts'

/**
 * THE scoring function: the browser's live preview and the server's authoritative score run this
 * same code.
 *
 * Formula (also in the README):
 * 1. Each visible, scored question (weight > 0 and some points to earn) yields a fraction f in [0, 1]:
 *    - single / yes_no: points of the chosen option / the best option's points;
 *    - multi: min(sum of the chosen options' points, maxPoints) / maxPoints (maxPoints defaults to the
 *      sum of all options' points);
 *    - scale (0-5): value / 5;
 *    - number: points of the highest band whose `min` the value reaches / the best band's points;
 *    - text: not scored. An unanswered visible question counts f = 0.
 *    A question with `showIf` is visible only when its (earlier) trigger question is visible and
 *    answered as the condition says; hidden questions do not count at all.
 * 2. Dimension score D = 100 * sum(w * f) / sum(w) over its visible scored questions (0 if none).
 * 3. Overall score O = sum(W * D) / sum(W) over the dimensions (dimension weights W; equal weights
 *    give the mean of the dimensions, as in the EU Digital Maturity Assessment).
 * 4. Rounding, once, at the end: each D and O is rounded half up to a whole point (after removing
 *    floating-point noise below 1e-9); O is computed from the unrounded D.
 * 5. Level: the highest maturity level whose `min` is <= the rounded O
 *    (default: Esordiente 0, Apprendista 20, Specialista 40, Esperto 60, Campione 80).
 */
export interface DimensionScore {
  key: string
  /** 0-100, whole points. */
  score: number
  answered: number
  visible: number
}

export interface ScoreResult {
  dimensions: DimensionScore[]
  overall: number
  level: number
  /** Visible questions answered / visible questions (for the progress bar). */
  answered: number
  visible: number
  /** Visible required questions still unanswered, in questionnaire order. */
  missing: string[]
}

/** Round half up to a whole point, ignoring float noise (62.4999999999 is 62.5, which is 63). */
export function roundScore(x: number): number {
  return Math.floor(Math.round(x * 1e9) / 1e9 + 0.5)
}

export function isAnswered(q: Question, v: AnswerValue | undefined): boolean {
  if (v === undefined) return false
  if (q.kind === 'multi') return Array.isArray(v)
  if (q.kind === 'scale' || q.kind === 'number') return typeof v === 'number'
  return typeof v === 'string' && v.trim() !== ''
}

/** Which questions are visible for these answers (conditions refer to earlier questions only). */
export function visibleQuestions(def: QuestionnaireDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>()
  for (const q of def.questions) {
    if (!q.showIf) { visible.add(q.id); continue }
    const trigger = q.showIf.question
    if (!visible.has(trigger)) continue
    const v = answers[trigger]
    const chosen = Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
    const byOption = q.showIf.anyOf ? chosen.some((k) => q.showIf!.anyOf!.includes(k)) : true
    const byValue = q.showIf.atLeast !== undefined ? typeof v === 'number' && v >= q.showIf.atLeast : true
    if ((q.showIf.anyOf || q.showIf.atLeast !== undefined) && byOption && byValue) visible.add(q.id)
  }
  return visible
}

/** The most points a question can earn (0: not scored). */
export function maxPoints(q: Question): number {
  if (q.kind === 'text' || q.weight === 0) return 0
  if (q.kind === 'scale') return SCALE_MAX
  if (q.kind === 'number') return Math.max(0, ...(q.bands ?? []).map((b) => b.points))
  const opts = q.options ?? []
  if (q.kind === 'multi') return q.maxPoints ?? opts.reduce((s, o) => s + o.points, 0)
  return Math.max(0, ...opts.map((o) => o.points))
}

/** Points earned by an answer, before dividing by maxPoints. */
export function earnedPoints(q: Question, v: AnswerValue | undefined): number {
  if (!isAnswered(q, v)) return 0
  const opts = q.options ?? []
  switch (q.kind) {
    case 'single':
    case 'yes_no':
      return opts.find((o) => o.key === v)?.points ?? 0
    case 'multi':
      return Math.min(maxPoints(q), opts.filter((o) => (v as string[]).includes(o.key)).reduce((s, o) => s + o.points, 0))
    case 'scale':
      return Math.min(SCALE_MAX, Math.max(0, Math.floor(v as number)))
    case 'number': {
      const reached = (q.bands ?? []).filter((b) => (v as number) >= b.min)
      return Math.max(0, ...reached.map((b) => b.points))
    }
    default:
      return 0
  }
}

export function scoreAssessment(def: QuestionnaireDefinition, answers: Answers): ScoreResult {
  const visible = visibleQuestions(def, answers)
  const sums = new Map(def.dimensions.map((d) => [d.key, { wf: 0, w: 0, answered: 0, visible: 0 }]))
  let answered = 0
  const missing: string[] = []
  for (const q of def.questions) {
    if (!visible.has(q.id)) continue
    const acc = sums.get(q.dimension)
    const done = isAnswered(q, answers[q.id])
    if (done) answered++
    else if (q.required) missing.push(q.id)
    if (!acc) continue
    acc.visible++
    if (done) acc.answered++
    const max = maxPoints(q)
    if (max <= 0) continue
    acc.w += q.weight
    acc.wf += q.weight * (earnedPoints(q, answers[q.id]) / max)
  }
  let weighted = 0
  let weights = 0
  const dimensions = def.dimensions.map((d) => {
    const acc = sums.get(d.key)!
    const raw = acc.w > 0 ? (100 * acc.wf) / acc.w : 0
    weighted += d.weight * raw
    weights += d.weight
    return { key: d.key, score: roundScore(raw), answered: acc.answered, visible: acc.visible }
  })
  const overall = roundScore(weights > 0 ? weighted / weights : 0)
  return { dimensions, overall, level: levelFor(def, overall), answered, visible: visible.size, missing }
}

/** The highest level whose threshold the (rounded) overall score reaches. */
export function levelFor(def: QuestionnaireDefinition, overall: number): number {
  let level = 1
  for (const l of [...def.levels].sort((a, b) => a.min - b.min)) if (overall >= l.min) level = l.level
  return level
}

/** A strength is a dimension at 60 or more; a gap one below 50. At most three of each, best and worst first. */
export const STRENGTH_MIN = 60
export const GAP_BELOW = 50
export function strengthsAndGaps(dimensions: { key: string; score: number }[]): { strengths: string[]; gaps: string[] } {
  const sorted = [...dimensions].sort((a, b) => b.score - a.score)
  return {
    strengths: sorted.filter((d) => d.score >= STRENGTH_MIN).slice(0, 3).map((d) => d.key),
    gaps: sorted.filter((d) => d.score < GAP_BELOW).reverse().slice(0, 3).map((d) => d.key),
  }
}
