import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sizeClass, stageAfter, TIMELINE_TYPES, type Stage } from './domain.ts'

describe('EU size class', () => {
  it('follows Recommendation 2003/361', () => {
    const M = 100_000_000
    expect(sizeClass(3, 500_000 * 100)).toBe('micro')
    expect(sizeClass(9, 3 * M, 1 * M)).toBe('micro') // balance sheet within the ceiling
    expect(sizeClass(9, 3 * M, 3 * M)).toBe('small')
    expect(sizeClass(49, 9 * M)).toBe('small')
    expect(sizeClass(120, 60 * M, 40 * M)).toBe('medium')
    expect(sizeClass(120, 60 * M, 45 * M)).toBe('large')
    expect(sizeClass(300, 1 * M)).toBe('large')
    expect(sizeClass(null, 1)).toBeNull()
  })
})

describe('awareness stages', () => {
  it('advance automatically only forward', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), fc.constantFrom(...TIMELINE_TYPES), (s, t) => {
      expect(stageAfter(s as Stage, t)).toBeGreaterThanOrEqual(s)
    }))
    expect(stageAfter(0, 'event_attendance')).toBe(1)
    expect(stageAfter(1, 'assessment')).toBe(2)
    expect(stageAfter(4, 'event_attendance')).toBe(4)
    expect(stageAfter(0, 'call')).toBe(0)
  })
})
