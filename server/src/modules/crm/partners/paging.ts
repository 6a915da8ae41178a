import { badCursor } from '../../../core/paging.ts'

// Keyset cursor over descending ids: core/paging.ts.
export { idCursor, pageById } from '../../../core/paging.ts'

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
