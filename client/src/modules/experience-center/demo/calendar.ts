/**
 * Days of the demo area's calendar, as Rome days ('YYYY-MM-DD'): the network is Italian whatever
 * the browser's zone, so a booking at 9:00 in Milan sits on its Milan day. Day arithmetic is done on
 * UTC dates, where every day has 24 hours.
 */
const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The Rome day of an instant. */
export const dayOf = (instant: string | Date): string => romeDay.format(new Date(instant))

export const todayRome = (): string => dayOf(new Date())

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** Monday of the day's week (weeks start on Monday in Italy). */
export function weekStart(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, -dow)
}

export const range = (from: string, days: number): string[] => Array.from({ length: days }, (_, i) => addDays(from, i))

/** The weeks (Monday to Sunday) that cover the day's month, for a month grid. */
export function monthWeeks(day: string): string[][] {
  const first = `${day.slice(0, 7)}-01`
  const next = new Date(`${first}T00:00:00Z`)
  next.setUTCMonth(next.getUTCMonth() + 1)
  const last = addDays(next.toISOString().slice(0, 10), -1)
  const weeks: string[][] = []
  for (let monday = weekStart(first); monday <= last; monday = addDays(monday, 7)) weeks.push(range(monday, 7))
  return weeks
}

/** The month of `day` moved by n months, as its first day. */
export function addMonths(day: string, n: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + n)
  return d.toISOString().slice(0, 10)
}

/** The Rome days a booking [start, end) touches. */
export function daysOf(startsAt: string, endsAt: string): string[] {
  const first = dayOf(startsAt)
  const last = dayOf(new Date(new Date(endsAt).getTime() - 1))
  const out: string[] = []
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d)
  return out
}
