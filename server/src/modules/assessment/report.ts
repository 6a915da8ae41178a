import { BENCHMARK_MIN_GROUP, GAP_BELOW, strengthsAndGaps, type AssessmentReport, type AssessmentReview } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'
import { notFound } from '../../core/errors.ts'
import { benchmark } from './benchmark.ts'
import { questionnaireById } from './questionnaires.ts'
import type { Recommenders } from './recommendations.ts'

/** The review of an assessment, if a coordinator has recorded one. */
export async function findReview(db: DbOrTx, assessmentId: number): Promise<AssessmentReview | null> {
  const r = await db.selectFrom('assessment_review as r').leftJoin('app_user as u', 'u.id', 'r.reviewer_id')
    .select(['r.validated', 'r.validated_overall', 'r.validated_level', 'r.improvement_areas', 'r.notes', 'r.reviewed_at', 'u.id as uid', 'u.name as uname'])
    .where('r.assessment_id', '=', assessmentId).executeTakeFirst()
  if (!r) return null
  return { reviewer: r.uid ? { id: r.uid, name: r.uname ?? '' } : null, dimensions: r.validated, overall: r.validated_overall,
    level: r.validated_level, improvementAreas: r.improvement_areas, notes: r.notes, reviewedAt: r.reviewed_at.toISOString() }
}

/**
 * The report of a submitted assessment: scores and level, strengths and gaps, recommendations for
 * the dimensions to act on (the gaps, or the two weakest when none is below the gap line; after a
 * review, the agreed improvement areas), benchmark, and the review. The caller has checked access.
 */
export async function buildReport(db: DbOrTx, recommenders: Recommenders, assessmentId: number): Promise<AssessmentReport> {
  const a = await db.selectFrom('assessment as a').innerJoin('assessment_questionnaire as q', 'q.id', 'a.questionnaire_id')
    .selectAll('a').select('q.published_at as questionnaire_published_at')
    .where('a.id', '=', assessmentId).where('a.status', '=', 'submitted').executeTakeFirst()
  if (!a) throw notFound('submitted assessment')
  const [q, review] = await Promise.all([questionnaireById(db, a.questionnaire_id, a.questionnaire_published_at), findReview(db, a.id)])
  const def = q.definition
  const scores = a.scores ?? {}
  const dims = def.dimensions.map((d) => ({ key: d.key, title: d.title, score: scores[d.key] ?? 0, validated: review?.dimensions[d.key] ?? null }))
  const { strengths, gaps } = strengthsAndGaps(dims)
  const byKey = new Map(def.dimensions.map((d) => [d.key, d]))
  const effective = (k: string) => { const d = dims.find((x) => x.key === k)!; return d.validated?.score ?? d.score }
  let focusKeys = review?.improvementAreas.length ? review.improvementAreas : gaps
  if (!focusKeys.length) focusKeys = [...dims].sort((x, y) => x.score - y.score).slice(0, 2).map((d) => d.key)
  const focus = focusKeys.filter((k) => byKey.has(k)).map((k) => ({ dimension: byKey.get(k)!, score: Math.min(effective(k), GAP_BELOW) }))
  const [recommendations, groups] = await Promise.all([
    recommenders.recommend(db, { chamberId: a.chamber_id, firmId: a.firm_id, focus }),
    benchmark(db, { atecoSection: a.ateco_section, sizeClass: a.size_class, regionCode: a.region_code, overall: a.overall! }),
  ])
  return {
    assessmentId: a.id,
    firm: { id: a.firm_id, name: a.firm_name, atecoSection: a.ateco_section, sizeClass: a.size_class, regionCode: a.region_code },
    questionnaire: { id: q.id, code: q.code, version: q.version, title: def.title },
    round: a.round ?? 0, submittedAt: a.submitted_at!.toISOString(), overall: a.overall!, level: a.level!,
    levels: def.levels.map((l) => ({ level: l.level, min: l.min, label: l.label, description: l.description })),
    dimensions: dims, strengths, gaps, recommendations,
    benchmark: { minGroupSize: BENCHMARK_MIN_GROUP, groups }, review,
  }
}
