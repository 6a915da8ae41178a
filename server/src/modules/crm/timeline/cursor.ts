import { badRequest } from '../../../core/errors.ts'

/**
 * Keyset cursors: the sort key of the last row a page showed, opaque to clients (base64url JSON).
 * Shared by the timeline and outreach lists.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

const invalid = () => badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor of this list' }])

/** Decodes a cursor whose key is a string (a timestamp or a name) and an id. */
export function decodeCursor(cursor: string | undefined): [string, number] | undefined {
  if (cursor === undefined) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString())
  } catch {
    throw invalid()
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || key[0].length > 300 ||
    !Number.isSafeInteger(key[1]) || key[1] < 1) throw invalid()
  return [key[0], key[1]]
}

/** Decodes a cursor over descending ids: the id of the last row seen. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  if (!/^[0-9]{1,15}$/.test(cursor)) throw invalid()
  return Number(cursor)
}

/** Decodes a timeline cursor: an ISO timestamp (microseconds kept) and an id. */
export function decodeTimeCursor(cursor: string | undefined): [string, number] | undefined {
  const key = decodeCursor(cursor)
  if (key && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(key[0]) || Number.isNaN(Date.parse(key[0])))) throw invalid()
  return key
}

/** Takes `limit` rows of the `limit + 1` fetched; the extra row says whether there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, toItem: (r: R) => T, keyOf: (r: R) => readonly (string | number)[]) {
  const shown = rows.slice(0, limit)
  return {
    items: shown.map(toItem),
    nextCursor: rows.length > limit ? encodeCursor(keyOf(shown[shown.length - 1]!)) : null,
  }
}
