/** A time to match in seconds, as the client words it: minutes under an hour, hours under two days, then days. */
export function durationParts(seconds: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  if (seconds < 3600) return { unit: 'minutes', n: Math.max(1, Math.round(seconds / 60)) }
  if (seconds < 48 * 3600) return { unit: 'hours', n: Math.round(seconds / 3600) }
  return { unit: 'days', n: Math.round(seconds / 86400) }
}
