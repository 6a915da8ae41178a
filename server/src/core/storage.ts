import { createHash } from 'node:crypto'
import type { DbOrTx } from '../db/database.ts'
import { notFound } from './errors.ts'

/**
 * Where uploaded files live. Every file has a row in `stored_file` (name, type, size, SHA-256),
 * written in the caller's transaction so a file and the record pointing at it land together. The
 * bytes are kept in that row (bytea) by PgStorage, which needs nothing beyond PostgreSQL and works
 * on the embedded database too. An object store (S3) would implement the same interface, writing the
 * bytes under `object_key` before the transaction commits and collecting orphans afterwards.
 */
export interface NewFile {
  content: Buffer
  mediaType: string
  fileName: string
}

export interface StoredFileInfo {
  id: number
  sha256: string
  mediaType: string
  sizeBytes: number
  fileName: string
}

export interface Storage {
  put(db: DbOrTx, file: NewFile): Promise<StoredFileInfo>
  get(db: DbOrTx, id: number): Promise<StoredFileInfo & { content: Buffer }>
  /** Several files' descriptions (not their bytes) by id, in one query. */
  infos(db: DbOrTx, ids: readonly number[]): Promise<Map<number, StoredFileInfo>>
  /** Removes the file; returns what it was (null when there was none). */
  remove(db: DbOrTx, id: number): Promise<StoredFileInfo | null>
}

const infoColumns = ['id', 'sha256', 'media_type', 'size_bytes', 'file_name'] as const
const toInfo = (r: { id: number; sha256: string; media_type: string; size_bytes: number; file_name: string }): StoredFileInfo =>
  ({ id: r.id, sha256: r.sha256, mediaType: r.media_type, sizeBytes: r.size_bytes, fileName: r.file_name })

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

export class PgStorage implements Storage {
  async put(db: DbOrTx, file: NewFile): Promise<StoredFileInfo> {
    const sha256 = sha256Hex(file.content)
    const { id } = await db.insertInto('stored_file').values({
      sha256, media_type: file.mediaType, size_bytes: file.content.length, file_name: file.fileName, content: file.content,
    }).returning('id').executeTakeFirstOrThrow()
    return { id, sha256, mediaType: file.mediaType, sizeBytes: file.content.length, fileName: file.fileName }
  }

  async get(db: DbOrTx, id: number): Promise<StoredFileInfo & { content: Buffer }> {
    const row = await db.selectFrom('stored_file').select([...infoColumns, 'content']).where('id', '=', id).executeTakeFirst()
    if (!row?.content) throw notFound('file')
    return { ...toInfo(row), content: row.content }
  }

  async infos(db: DbOrTx, ids: readonly number[]): Promise<Map<number, StoredFileInfo>> {
    if (ids.length === 0) return new Map()
    const rows = await db.selectFrom('stored_file').select(infoColumns).where('id', 'in', [...new Set(ids)]).execute()
    return new Map(rows.map((r) => [r.id, toInfo(r)]))
  }

  async remove(db: DbOrTx, id: number): Promise<StoredFileInfo | null> {
    const row = await db.deleteFrom('stored_file').where('id', '=', id).returning(infoColumns).executeTakeFirst()
    return row ? toInfo(row) : null
  }
}

/**
 * What the bytes say they are, from their first bytes: a declared type must match, so a renamed
 * executable is not stored as a PDF. Returns null for anything we do not accept.
 */
export function sniffMediaType(b: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | 'application/pkcs7-mime' | null {
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  // A CAdES signed file (.p7m) is DER: a SEQUENCE (0x30) with a long-form or indefinite length.
  if (b.length >= 2 && b[0] === 0x30 && (b[1]! >= 0x80)) return 'application/pkcs7-mime'
  return null
}
