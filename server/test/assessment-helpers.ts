import { DEFAULT_QUESTIONNAIRE, type Answers, type QuestionnaireDefinition } from '@pid/shared'

/** Answers to every question of a definition: 'best' picks the top option, 'middle' a middling one. */
export function answersFor(def: QuestionnaireDefinition = DEFAULT_QUESTIONNAIRE, how: 'best' | 'middle' | 'worst' = 'middle'): Answers {
  const a: Answers = {}
  for (const q of def.questions) {
    const sorted = [...(q.options ?? [])].sort((x, y) => y.points - x.points)
    const pick = how === 'best' ? 0 : how === 'worst' ? sorted.length - 1 : Math.floor(sorted.length / 2)
    if (q.kind === 'multi') a[q.id] = how === 'best' ? sorted.map((o) => o.key) : how === 'worst' ? [] : [sorted[0]!.key]
    else if (q.options) a[q.id] = sorted[pick]!.key
    else if (q.kind === 'scale') a[q.id] = how === 'best' ? 5 : how === 'worst' ? 0 : 2
    else if (q.kind === 'number') a[q.id] = how === 'best' ? 40 : how === 'worst' ? 0 : 6
    else a[q.id] = 'Vendere online'
  }
  return a
}
