/**
 * Calls open and close at instants chosen in Rome time, whatever the browser's zone: a click day at
 * 10:00 is 10:00 in Italy. These convert between an instant (ISO) and the wall-clock value of a
 * native `<input type="datetime-local">` ('YYYY-MM-DDTHH:mm') read as Europe/Rome.
 */
const ROME = 'Europe/Rome'
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ROME, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})

function wallClock(ms: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const p of parts.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out
}

/** Rome's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function romeOffset(ms: number): number {
  const w = wallClock(ms)
  const asUtc = Date.UTC(w.year!, w.month! - 1, w.day!, w.hour!, w.minute!, w.second!)
  return asUtc - Math.floor(ms / 1000) * 1000
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant as Rome's wall clock, for a datetime-local input. */
export function toRomeLocal(iso: string | null | undefined): string {
  if (!iso) return ''
  const w = wallClock(new Date(iso).getTime())
  return `${w.year}-${pad(w.month!)}-${pad(w.day!)}T${pad(w.hour!)}:${pad(w.minute!)}`
}

/** Rome's wall clock (from a datetime-local input) as an ISO instant; null when the value is not one. */
export function fromRomeLocal(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local)
  if (!m) return null
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))
  // Two passes: the offset of the first guess may differ from the answer's near a DST change.
  let t = asUtc - romeOffset(asUtc)
  t = asUtc - romeOffset(t)
  return new Date(t).toISOString()
}
