import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MENTORING_AREAS, MENTORING_DIMENSIONS } from './vocab.ts'
import { rankSuggestions, SCORE_WEIGHTS, scoreSuggestion, weakestDimensions, type ScoreFacts } from './suggestion-score.ts'

const facts = (over: { request?: Partial<ScoreFacts['request']>; firm?: Partial<ScoreFacts['firm']>; mentor?: Partial<ScoreFacts['mentor']> } = {}): ScoreFacts => ({
  request: { area: 'data', preferredMode: 'in_person', language: 'it', ...over.request },
  firm: { atecoSection: 'C', provinceCode: 'MI', regionCode: '03', weakest: [{ dimension: 'data', score: 25 }, { dimension: 'security', score: 30 }], ...over.firm },
  mentor: { expertise: ['data', 'security'], sectors: ['C'], languages: ['it'], provinces: ['MI'], regionCode: '03', modes: ['in_person', 'web'],
    accepted: 0, maxMentees: 2, ...over.mentor },
})

describe('scoreSuggestion', () => {
  it('gives the full 100 to a perfect mentor and explains every point', () => {
    const s = scoreSuggestion(facts())
    expect(s.score).toBe(100)
    expect(s.lines.map((l) => l.criterion)).toEqual(['area_expert', 'weak_dimension', 'weak_dimension', 'sector_match', 'same_province', 'language_match', 'mode_match', 'load'])
    expect(s.lines[1]).toEqual({ criterion: 'weak_dimension', points: 10, params: { dimension: 'data', score: 25, rank: 1 } })
    expect(s.atCapacity).toBe(false)
  })

  it('weighs distance: region, far, and web makes it moot', () => {
    expect(scoreSuggestion(facts({ mentor: { provinces: ['BG'] } })).lines.find((l) => l.criterion === 'same_region')?.points).toBe(SCORE_WEIGHTS.sameRegion)
    expect(scoreSuggestion(facts({ mentor: { provinces: ['RM'], regionCode: '12' } })).lines.some((l) => l.criterion === 'far')).toBe(true)
    const web = scoreSuggestion(facts({ request: { preferredMode: 'web' }, mentor: { provinces: ['RM'], regionCode: '12' } }))
    expect(web.lines.find((l) => l.criterion === 'web_distance')?.points).toBe(SCORE_WEIGHTS.web)
  })

  it('marks a mentor at capacity and ranks it after any mentor with a free place', () => {
    const full = scoreSuggestion(facts({ mentor: { accepted: 2, maxMentees: 2 } }))
    expect(full.atCapacity).toBe(true)
    const weak = scoreSuggestion(facts({ mentor: { expertise: [], sectors: [], languages: ['en'], provinces: ['RM'], regionCode: '12', modes: ['web'] } }))
    const ranked = rankSuggestions([{ mentorId: 1, scored: full, accepted: 2 }, { mentorId: 2, scored: weak, accepted: 0 }])
    expect(ranked.map((r) => r.mentorId)).toEqual([2, 1])
  })

  it('finds the two weakest dimensions', () => {
    expect(weakestDimensions({ strategy: 60, data: 25, security: 30, green: 80 })).toEqual([{ dimension: 'data', score: 25 }, { dimension: 'security', score: 30 }])
    expect(weakestDimensions(undefined)).toEqual([])
  })

  it('stays within 0..100, sums its lines, and more expertise never lowers the score (property)', () => {
    const arr = (xs: readonly string[]) => fc.subarray([...xs])
    const mentor = fc.record({ expertise: arr(MENTORING_AREAS), sectors: arr(['A', 'C', 'G', 'K']), languages: arr(['it', 'en', 'de']),
      provinces: arr(['MI', 'BG', 'RM']), regionCode: fc.constantFrom('03', '12'), modes: arr(['in_person', 'web']),
      accepted: fc.integer({ min: 0, max: 6 }), maxMentees: fc.integer({ min: 1, max: 6 }) })
    const request = fc.record({ area: fc.constantFrom(...MENTORING_AREAS), preferredMode: fc.constantFrom(null, 'in_person', 'web'), language: fc.constantFrom('it', 'en') })
    const firm = fc.record({ atecoSection: fc.constantFrom(null, 'C', 'K'), provinceCode: fc.constantFrom('MI', 'RM'), regionCode: fc.constantFrom('03', '12'),
      scores: fc.dictionary(fc.constantFrom(...MENTORING_DIMENSIONS), fc.integer({ min: 0, max: 100 })) })
    fc.assert(fc.property(mentor, request, firm, fc.constantFrom(...MENTORING_AREAS), (m, r, f, extra) => {
      const base = { request: r, firm: { ...f, weakest: weakestDimensions(f.scores) }, mentor: m }
      const s = scoreSuggestion(base)
      expect(s.score).toBeGreaterThanOrEqual(0)
      expect(s.score).toBeLessThanOrEqual(100)
      expect(s.score).toBe(s.lines.reduce((t, l) => t + l.points, 0))
      expect(s.atCapacity).toBe(m.accepted >= m.maxMentees)
      const more = scoreSuggestion({ ...base, mentor: { ...m, expertise: [...new Set([...m.expertise, extra])] } })
      expect(more.score).toBeGreaterThanOrEqual(s.score)
    }))
  })
})
