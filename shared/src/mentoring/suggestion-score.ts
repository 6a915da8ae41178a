/**
 * The score of a mentor for a mentoring request, with the explanation a coordinator reads: one
 * line per criterion with its points and the codes behind it (the client words each line). Pure:
 * the server gathers the facts, this weighs them, and the same facts always give the same score.
 *
 * Weights (out of 100):
 *   - area of the request in the mentor's expertise ............ 25 ('area_expert' / 'area_not_expert')
 *   - each of the firm's two weakest dimensions in the latest
 *     assessment that the mentor is expert in ................... 10 each ('weak_dimension'), at most 20
 *   - the firm's ATECO section among the mentor's sectors ...... 15 ('sector_match' / 'sector_other' / 'sector_unknown')
 *   - distance: the firm's province among the mentor's ......... 15 ('same_province')
 *               the same region (mentor's chamber's region) ....  8 ('same_region'), far 0 ('far');
 *               a request for web meetings makes distance moot:  15 ('web_distance')
 *   - the mentor works in the request's language ............... 10 ('language_match' / 'language_missing')
 *   - the mentor offers the preferred mode (or none preferred) .  5 ('mode_match' / 'mode_any' / 'mode_missing')
 *   - current load: 10 x the share of free places .............. 0-10 ('load'); a mentor at capacity
 *     scores 0 there ('at_capacity') and is ranked after every mentor with a free place.
 */
export const SCORE_WEIGHTS = {
  area: 25, weakDimension: 10, sector: 15, sameProvince: 15, sameRegion: 8, web: 15, language: 10, mode: 5, load: 10,
} as const

/** How many of the firm's lowest-scoring dimensions count as its weakest. */
export const WEAKEST_COUNT = 2

export type ScoreCriterion = 'area_expert' | 'area_not_expert' | 'weak_dimension' | 'sector_match' | 'sector_other' | 'sector_unknown'
  | 'same_province' | 'same_region' | 'far' | 'web_distance' | 'language_match' | 'language_missing' | 'mode_match' | 'mode_any'
  | 'mode_missing' | 'load' | 'at_capacity'

export interface ScoreLine { criterion: ScoreCriterion; points: number; params: Record<string, string | number> }

export interface ScoreFacts {
  request: { area: string; preferredMode: string | null; language: string }
  firm: { atecoSection: string | null; provinceCode: string; regionCode: string; weakest: readonly { dimension: string; score: number }[] }
  mentor: { expertise: readonly string[]; sectors: readonly string[]; languages: readonly string[]; provinces: readonly string[]
    regionCode: string; modes: readonly string[]; accepted: number; maxMentees: number }
}

export interface Scored { score: number; lines: ScoreLine[]; atCapacity: boolean }

/** The firm's weakest dimensions: the lowest scores, ties by key (stable). */
export function weakestDimensions(scores: Record<string, number> | undefined, n = WEAKEST_COUNT): { dimension: string; score: number }[] {
  return Object.entries(scores ?? {})
    .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
    .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, n).map(([dimension, score]) => ({ dimension, score: Math.round(score) }))
}

export function scoreSuggestion(f: ScoreFacts): Scored {
  const W = SCORE_WEIGHTS
  const lines: ScoreLine[] = []
  const { request, firm, mentor } = f
  lines.push(mentor.expertise.includes(request.area)
    ? { criterion: 'area_expert', points: W.area, params: { area: request.area } }
    : { criterion: 'area_not_expert', points: 0, params: { area: request.area } })
  firm.weakest.slice(0, WEAKEST_COUNT).forEach((w, i) => {
    if (mentor.expertise.includes(w.dimension)) {
      lines.push({ criterion: 'weak_dimension', points: W.weakDimension, params: { dimension: w.dimension, score: w.score, rank: i + 1 } })
    }
  })
  if (!firm.atecoSection) lines.push({ criterion: 'sector_unknown', points: 0, params: {} })
  else if (mentor.sectors.includes(firm.atecoSection)) lines.push({ criterion: 'sector_match', points: W.sector, params: { section: firm.atecoSection } })
  else lines.push({ criterion: 'sector_other', points: 0, params: { section: firm.atecoSection } })
  if (request.preferredMode === 'web') lines.push({ criterion: 'web_distance', points: W.web, params: {} })
  else if (mentor.provinces.includes(firm.provinceCode)) lines.push({ criterion: 'same_province', points: W.sameProvince, params: { province: firm.provinceCode } })
  else if (mentor.regionCode === firm.regionCode) lines.push({ criterion: 'same_region', points: W.sameRegion, params: { region: firm.regionCode } })
  else lines.push({ criterion: 'far', points: 0, params: { province: firm.provinceCode } })
  lines.push(mentor.languages.includes(request.language)
    ? { criterion: 'language_match', points: W.language, params: { language: request.language } }
    : { criterion: 'language_missing', points: 0, params: { language: request.language } })
  if (request.preferredMode === null) lines.push({ criterion: 'mode_any', points: W.mode, params: {} })
  else if (mentor.modes.includes(request.preferredMode)) lines.push({ criterion: 'mode_match', points: W.mode, params: { mode: request.preferredMode } })
  else lines.push({ criterion: 'mode_missing', points: 0, params: { mode: request.preferredMode } })
  const max = Math.max(0, mentor.maxMentees)
  const atCapacity = mentor.accepted >= max
  if (atCapacity) lines.push({ criterion: 'at_capacity', points: 0, params: { accepted: mentor.accepted, max } })
  else lines.push({ criterion: 'load', points: Math.round(W.load * (max - mentor.accepted) / max), params: { accepted: mentor.accepted, max } })
  return { score: lines.reduce((s, l) => s + l.points, 0), lines, atCapacity }
}

/** Suggestions best first: mentors with a free place before those at capacity, then score, then lighter load, then id. */
export function rankSuggestions<T extends { mentorId: number; scored: Scored; accepted: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(a.scored.atCapacity) - Number(b.scored.atCapacity)
    || b.scored.score - a.scored.score || a.accepted - b.accepted || a.mentorId - b.mentorId)
}
