import { describe, expect, it } from 'vitest'
import { addMonths, dayOf, daysOf, monthWeeks, weekStart } from './calendar'

describe('the demo calendar days', () => {
  it('puts an instant on its Rome day, also across a change of the clocks', () => {
    expect(dayOf('2030-03-30T23:30:00Z')).toBe('2030-03-31')
    expect(dayOf('2030-03-31T22:30:00Z')).toBe('2030-04-01')
    expect(daysOf('2030-03-11T08:00:00Z', '2030-03-11T23:00:00Z')).toEqual(['2030-03-11'])
    expect(daysOf('2030-03-11T08:00:00Z', '2030-03-12T10:00:00Z')).toEqual(['2030-03-11', '2030-03-12'])
  })

  it('starts weeks on Monday and covers a month with whole weeks', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07')
    expect(weekStart('2026-12-13')).toBe('2026-12-07')
    const weeks = monthWeeks('2026-12-15')
    expect(weeks[0]![0]).toBe('2026-11-30')
    expect(weeks.at(-1)!.at(-1)).toBe('2027-01-03')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01')
  })
})
