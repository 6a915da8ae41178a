import { badRequest } from '../../../core/errors.ts'

/** Keyset cursor over descending ids: the id of the last row seen. */
export function idCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  if (!/^[0-9]{1,15}$/.test(cursor)) throw badCursor()
  return Number(cursor)
}

export function pageById<T extends { id: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null }
}

/** Keyset cursor over (folded name, id), ascending: opaque base64url of the last row's key. */
export function encodeNameCursor(name: string, id: number): string {
  return Buffer.from(JSON.stringify([name.toLowerCase(), id])).toString('base64url')
}

export function decodeNameCursor(cursor: string | undefined): { name: string; id: number } | undefined {
  if (cursor === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isSafeInteger(value[1])) {
      return { name: value[0], id: value[1] as number }
    }
  } catch { /* falls through to the 400 below */ }
  throw badCursor()
}

const badCursor = () => badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])
