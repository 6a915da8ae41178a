import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AnswerValue, Answers, Question, QuestionnaireDefinition } from './questionnaire.ts'
import { earnedPoints, maxPoints, roundScore, scoreAssessment, strengthsAndGaps, visibleQuestions } from './scoring.ts'
import { answerProblems, definitionProblems } from './definition-check.ts'
import { DEFAULT_QUESTIONNAIRE } from './default-questionnaire.ts'

const t = { it: 'x', en: 'x' }
const LEVELS = [0, 20, 40, 60, 80].map((min, i) => ({ level: i + 1, key: `l${i + 1}`, min, label: t, description: t }))

/** A random but valid questionnaire: 1-4 dimensions, every kind of question, weights, conditions on earlier questions. */
const definitionArb: fc.Arbitrary<QuestionnaireDefinition> = fc.record({
  dimWeights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
  questions: fc.array(fc.record({
    kind: fc.constantFrom('single', 'multi', 'scale', 'yes_no', 'number', 'text' as const),
    dim: fc.nat(),
    weight: fc.integer({ min: 0, max: 6 }),
    points: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 5 }),
    conditional: fc.boolean(),
    trigger: fc.nat(),
  }), { minLength: 1, maxLength: 14 }),
}).map(({ dimWeights, questions }) => {
  const dimensions = dimWeights.map((weight, i) => ({ key: `d${i}`, title: t, weight, competences: [] }))
  const qs: Question[] = []
  // One always-shown scored question per dimension (the definition rules require it).
  dimensions.forEach((d) => qs.push({ id: `base_${d.key}`, dimension: d.key, kind: 'scale', text: t, weight: 1, required: true }))
  questions.forEach((g, i) => {
    const kind = g.kind as Question['kind']
    const q: Question = { id: `q${i}`, dimension: dimensions[g.dim % dimensions.length]!.key, kind, text: t,
      weight: kind === 'text' ? 0 : g.weight, required: kind !== 'text' }
    if (kind === 'single' || kind === 'multi' || kind === 'yes_no') {
      q.options = g.points.map((p, j) => ({ key: `o${j}`, label: t, points: p }))
      if (Math.max(...g.points) === 0) q.options[0]!.points = 1
    }
    if (kind === 'number') q.bands = g.points.map((p, j) => ({ min: j * 10, points: p + (j === 0 ? 1 : 0) }))
    const triggers = qs.filter((c) => c.options)
    if (g.conditional && triggers.length) {
      const trig = triggers[g.trigger % triggers.length]!
      q.showIf = { question: trig.id, anyOf: [trig.options![g.trigger % trig.options!.length]!.key] }
    }
    qs.push(q)
  })
  return { title: t, dimensions, questions: qs, levels: LEVELS }
})

function answerArb(q: Question): fc.Arbitrary<AnswerValue | undefined> {
  const keys = (q.options ?? []).map((o) => o.key)
  const value: fc.Arbitrary<AnswerValue> = q.kind === 'multi' ? fc.subarray(keys)
    : q.kind === 'single' || q.kind === 'yes_no' ? fc.constantFrom(...keys)
      : q.kind === 'scale' ? fc.integer({ min: 0, max: 5 })
        : q.kind === 'number' ? fc.integer({ min: 0, max: 60 }) : fc.string({ maxLength: 10 })
  return fc.option(value, { nil: undefined, freq: 4 })
}

const withAnswers = definitionArb.chain((def) =>
  fc.tuple(fc.constant(def), fc.tuple(...def.questions.map(answerArb)).map((vals) => {
    const a: Answers = {}
    def.questions.forEach((q, i) => { if (vals[i] !== undefined) a[q.id] = vals[i]! })
    return a
  })))

/** A better (or equal) answer to q: no fewer points. */
function betterAnswer(q: Question, v: AnswerValue | undefined, pick: number): AnswerValue | undefined {
  const current = earnedPoints(q, v)
  if (q.kind === 'multi') return [...new Set([...(Array.isArray(v) ? v : []), q.options![pick % q.options!.length]!.key])]
  if (q.kind === 'single' || q.kind === 'yes_no') {
    const better = q.options!.filter((o) => o.points >= current)
    return better[pick % better.length]!.key
  }
  if (q.kind === 'scale') return Math.min(5, (typeof v === 'number' ? v : 0) + (pick % 3))
  if (q.kind === 'number') return (typeof v === 'number' ? v : 0) + (pick % 25)
  return v
}

describe('scoring', () => {
  it('the default questionnaire is valid: 30-40 questions, six EU dimensions plus e-government and cybersecurity', () => {
    expect(definitionProblems(DEFAULT_QUESTIONNAIRE)).toEqual([])
    expect(DEFAULT_QUESTIONNAIRE.questions.length).toBeGreaterThanOrEqual(30)
    expect(DEFAULT_QUESTIONNAIRE.questions.length).toBeLessThanOrEqual(40)
    expect(DEFAULT_QUESTIONNAIRE.dimensions.map((d) => d.key)).toEqual(['strategy', 'readiness', 'human', 'data', 'automation', 'green', 'egov', 'security'])
  })

  it('random questionnaires are valid by the definition rules', () => {
    fc.assert(fc.property(definitionArb, (def) => { expect(definitionProblems(def)).toEqual([]) }))
  })

  it('scores stay whole points in 0-100 and the level in 1-5', () => {
    fc.assert(fc.property(withAnswers, ([def, answers]) => {
      const r = scoreAssessment(def, answers)
      for (const s of [r.overall, ...r.dimensions.map((d) => d.score)]) {
        expect(Number.isInteger(s)).toBe(true)
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(100)
      }
      expect(r.level).toBeGreaterThanOrEqual(1)
      expect(r.level).toBeLessThanOrEqual(5)
      expect(LEVELS[r.level - 1]!.min).toBeLessThanOrEqual(r.overall)
    }))
  })

  it('a better answer never lowers any score (questions that no condition depends on)', () => {
    fc.assert(fc.property(withAnswers, fc.nat(), fc.nat(), ([def, answers], which, pick) => {
      const triggers = new Set(def.questions.map((q) => q.showIf?.question).filter(Boolean))
      const candidates = def.questions.filter((q) => !triggers.has(q.id))
      const q = candidates[which % candidates.length]!
      const before = scoreAssessment(def, answers)
      const better = betterAnswer(q, answers[q.id], pick)
      expect(earnedPoints(q, better)).toBeGreaterThanOrEqual(earnedPoints(q, answers[q.id]))
      const after = scoreAssessment(def, { ...answers, ...(better === undefined ? {} : { [q.id]: better }) })
      expect(after.overall).toBeGreaterThanOrEqual(before.overall)
      after.dimensions.forEach((d, i) => expect(d.score).toBeGreaterThanOrEqual(before.dimensions[i]!.score))
    }))
  })

  it('weights behave: scaling a dimension\'s weights changes nothing; weight 0 does not count; equal dimension weights give the mean', () => {
    fc.assert(fc.property(withAnswers, fc.integer({ min: 2, max: 7 }), fc.nat(), ([def, answers], k, which) => {
      const base = scoreAssessment(def, answers)
      const dim = def.dimensions[which % def.dimensions.length]!.key
      const scaled = { ...def, questions: def.questions.map((q) => q.dimension === dim ? { ...q, weight: q.weight * k } : q) }
      expect(scoreAssessment(scaled, answers)).toEqual(base)
      // A weight-0 question is not scored (it may still open conditional questions: pick one that does not).
      const triggers = new Set(def.questions.map((q) => q.showIf?.question))
      const zero = def.questions.find((q) => q.weight === 0 && !triggers.has(q.id))
      if (zero) {
        const flipped = { ...answers }
        delete flipped[zero.id]
        expect(scoreAssessment(def, flipped).dimensions.map((d) => d.score)).toEqual(base.dimensions.map((d) => d.score))
      }
      const equal = { ...def, dimensions: def.dimensions.map((d) => ({ ...d, weight: 1 })) }
      const eq = scoreAssessment(equal, answers)
      // The overall comes from unrounded dimension scores, so it is within half a point of the mean of the rounded ones.
      const mean = eq.dimensions.reduce((s, d) => s + d.score, 0) / eq.dimensions.length
      expect(Math.abs(eq.overall - mean)).toBeLessThanOrEqual(1)
    }))
  })

  it('hidden conditional questions do not count, whatever their answer', () => {
    fc.assert(fc.property(withAnswers, fc.nat(), ([def, answers], pick) => {
      const visible = visibleQuestions(def, answers)
      const hidden = def.questions.filter((q) => !visible.has(q.id))
      if (!hidden.length) return
      const q = hidden[pick % hidden.length]!
      const best: AnswerValue = q.kind === 'multi' ? q.options!.map((o) => o.key)
        : q.options ? [...q.options].sort((a, b) => b.points - a.points)[0]!.key : q.kind === 'text' ? 'x' : 5
      const changed = { ...answers, [q.id]: best }
      if (!visibleQuestions(def, changed).has(q.id)) {
        expect(scoreAssessment(def, changed).dimensions).toEqual(scoreAssessment(def, answers).dimensions)
        expect(scoreAssessment(def, changed).missing).toEqual(scoreAssessment(def, answers).missing)
      }
    }))
  })

  it('the documented formula on a worked example', () => {
    const def = DEFAULT_QUESTIONNAIRE
    const none = scoreAssessment(def, {})
    expect(none.overall).toBe(0)
    expect(none.level).toBe(1)
    expect(none.missing).toContain('str_plan')
    expect(none.missing).not.toContain('rdy_channels') // hidden until online sales are declared
    const best: Answers = {}
    for (const q of def.questions) {
      if (q.kind === 'multi') best[q.id] = q.options!.map((o) => o.key)
      else if (q.options) best[q.id] = [...q.options].sort((a, b) => b.points - a.points)[0]!.key
      else if (q.kind === 'scale') best[q.id] = 5
      else if (q.kind === 'number') best[q.id] = 100
      else best[q.id] = 'Vendere online'
    }
    const top = scoreAssessment(def, best)
    expect(top).toMatchObject({ overall: 100, level: 5, missing: [] })
    // Strategy: plan 3/3, budget 3/3, owner 'partly' 1/2, customers 2/5 -> (1 + 1 + 0.5 + 0.4) / 4 = 72.5 -> 73.
    const r = scoreAssessment(def, { ...best, str_owner: 'partly', str_customers: 2 })
    expect(r.dimensions.find((d) => d.key === 'strategy')!.score).toBe(73)
    // Overall = mean of (72.5, 100 x 7) = 96.5625 -> 97.
    expect(r.overall).toBe(97)
  })

  it('rounds half up once, ignoring float noise', () => {
    expect(roundScore(62.5)).toBe(63)
    expect(roundScore(62.49999999999)).toBe(63)
    expect(roundScore(62.4)).toBe(62)
    expect(roundScore(0)).toBe(0)
  })

  it('checks answers against the definition', () => {
    const def = DEFAULT_QUESTIONNAIRE
    expect(answerProblems(def, { str_plan: 'written', rdy_tools: ['crm'], str_customers: 3, hum_training_hours: 12, str_priority: 'x', dat_backup: null })).toEqual([])
    const bad = answerProblems(def, { str_plan: 'maybe', rdy_tools: ['fax'], str_customers: 6, nope: 'yes', hum_training_hours: 'many' as never })
    expect(bad.map((p) => p.path).sort()).toEqual(['/answers/hum_training_hours', '/answers/nope', '/answers/rdy_tools', '/answers/str_customers', '/answers/str_plan'])
  })

  it('the definition rules name what is wrong', () => {
    const broken = JSON.parse(JSON.stringify(DEFAULT_QUESTIONNAIRE)) as typeof DEFAULT_QUESTIONNAIRE
    broken.questions[1]!.id = broken.questions[0]!.id
    broken.questions[7]!.showIf = { question: 'sec_plan', anyOf: ['yes'] }
    broken.levels[2]!.min = 10
    const paths = definitionProblems(broken).map((p) => p.path)
    expect(paths).toEqual(expect.arrayContaining(['/questions/1/id', '/questions/7/showIf/question', '/levels']))
    expect(definitionProblems({ title: 'x' }).length).toBeGreaterThan(0)
  })

  it('strengths are dimensions at 60+, gaps below 50, three at most', () => {
    const r = strengthsAndGaps([{ key: 'a', score: 90 }, { key: 'b', score: 10 }, { key: 'c', score: 55 }, { key: 'd', score: 45 }, { key: 'e', score: 70 }])
    expect(r).toEqual({ strengths: ['a', 'e'], gaps: ['b', 'd'] })
  })

  it('maxPoints of multi defaults to the sum of its options', () => {
    const q = DEFAULT_QUESTIONNAIRE.questions.find((x) => x.id === 'sec_basics')!
    expect(maxPoints(q)).toBe(5)
  })
})
