import type { EventRow } from './event-rows.ts'

/**
 * iCalendar (RFC 5545) of events: UTC times (`...Z`), CRLF line ends, text escaped (backslash,
 * semicolon, comma, newline), lines folded at 75 octets, a stable UID per event. A cancelled event
 * stays in the feed as STATUS:CANCELLED so calendars that imported it drop it.
 */
export function icalendar(events: readonly EventRow[], o: { name: string; publicUrl: string; host: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Punto Impresa Digitale//Eventi//IT', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.name)}`, 'X-WR-TIMEZONE:Europe/Rome']
  const stamp = utc(new Date())
  for (const e of events) {
    const url = `${o.publicUrl.replace(/\/$/, '')}/pubblico/eventi/${e.id}`
    const location = [e.venue, e.address].filter(Boolean).join(', ') || e.online_url || ''
    lines.push('BEGIN:VEVENT', `UID:ec-event-${e.id}@${o.host}`, `DTSTAMP:${stamp}`, `DTSTART:${utc(e.starts_at)}`, `DTEND:${utc(e.ends_at)}`,
      `SUMMARY:${escapeText(e.title)}`,
      `DESCRIPTION:${escapeText([e.summary, e.online_url ? `Online: ${e.online_url}` : '', url].filter(Boolean).join('\n'))}`,
      ...(location ? [`LOCATION:${escapeText(location)}`] : []),
      `URL:${url}`, `STATUS:${e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      `LAST-MODIFIED:${utc(e.updated_at)}`, 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(fold).join('\r\n') + '\r\n'
}

const utc = (d: Date | string) => new Date(d).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

export const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')

/** Folds a content line at 75 octets (UTF-8), never inside a character; continuation lines start with a space. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}
