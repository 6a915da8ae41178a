import { badRequest } from './errors.ts'

/**
 * Keyset paging over descending ids, the simplest of the API's cursors (lists sorted otherwise
 * carry their sort key in an opaque cursor of their own). Fetch `limit + 1` rows after the cursor:
 * the extra row only says that there is a next page.
 */
export function idCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  if (!/^[0-9]{1,15}$/.test(cursor)) throw badCursor()
  return Number(cursor)
}

/** The page of `rows` (fetched with `limit + 1`): its items and the cursor of the next page, null on the last. */
export function pageById<T extends { id: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null }
}

export const badCursor = () => badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])

/**
 * An opaque cursor for lists sorted by other keys than the id: the last row's sort key (ending
 * with its id, so that ties are broken), as base64url JSON. Clients must not read into it.
 */
export function encodeKeyCursor(key: readonly (string | number | boolean)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** The sort key of a cursor `encodeKeyCursor` made; `valid` checks its shape. A cursor not of ours is a 400. */
export function decodeKeyCursor<T extends unknown[]>(cursor: string | undefined, valid: (key: unknown[]) => key is T): T | undefined {
  if (cursor === undefined) return undefined
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(key) && valid(key)) return key
  } catch { /* falls through to the 400 below */ }
  throw badCursor()
}
