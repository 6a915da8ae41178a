/**
 * One `Range: bytes=...` header against a file of `size` bytes (RFC 9110 §14): the inclusive span
 * to send, 'whole' when there is no usable single range (absent, another unit, several ranges: the
 * whole file with 200 is a valid answer to those), or 'unsatisfiable' (416) when it starts past the end.
 */
export type RangeAnswer = { start: number; end: number } | 'whole' | 'unsatisfiable'

/**
 * An open range (`bytes=N-`, what a video player asks for) is answered with at most this many bytes:
 * the 206's Content-Range says how many, and the player asks for the next part as it plays, so a
 * 200 MB video is never read into memory at once.
 */
export const OPEN_RANGE_MAX_BYTES = 4 * 1024 * 1024

export function parseRange(header: string | undefined, size: number, openMax = OPEN_RANGE_MAX_BYTES): RangeAnswer {
  if (!header) return 'whole'
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m) return 'whole'
  const [, from, to] = m
  if (from === '' && to === '') return 'whole'
  if (from === '') {
    // The last N bytes.
    const n = Number(to)
    if (n === 0) return 'unsatisfiable'
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? Math.min(size - 1, start + openMax - 1) : Math.min(Number(to), size - 1)
  if (to !== '' && Number(to) < start) return 'whole'
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}
