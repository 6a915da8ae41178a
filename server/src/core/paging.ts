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
