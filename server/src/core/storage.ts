import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { sql } from 'kysely'
import type { DbOrTx } from '../db/database.ts'
import { notFound } from './errors.ts'

/**
 * Where uploaded files live. Every file has a row in `stored_file` (name, type, size, SHA-256),
 * written in the caller's transaction so a file and the record pointing at it land together. The
 * bytes are kept in that row (bytea) by PgStorage, which needs nothing beyond PostgreSQL and works
 * on the embedded database too; LocalStorage (the default, STORAGE=local) keeps them in a folder
 * under `object_key`, written before the transaction commits; S3Storage (STORAGE=s3, storage-s3.ts)
 * does the same in a bucket of any S3-compatible store.
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
  /** Bytes start..end (inclusive) of the file, without reading the rest (a video seeks). */
  getRange(db: DbOrTx, id: number, start: number, end: number): Promise<Buffer>
  /** The file's description alone (not found: a 404). */
  info(db: DbOrTx, id: number): Promise<StoredFileInfo>
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

  async getRange(db: DbOrTx, id: number, start: number, end: number): Promise<Buffer> {
    // substring() on an uncompressed (STORAGE EXTERNAL) bytea fetches only the TOAST chunks it needs.
    const row = await db.selectFrom('stored_file').select(sql<Buffer | null>`substring(content from ${start + 1} for ${end - start + 1})`.as('part'))
      .where('id', '=', id).executeTakeFirst()
    if (!row?.part) throw notFound('file')
    return row.part
  }

  info(db: DbOrTx, id: number): Promise<StoredFileInfo> {
    return fileInfo(db, id)
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

/** A file's description and where its bytes are: in the row, or under `object_key` (a folder, a bucket). */
export async function locate(db: DbOrTx, id: number): Promise<StoredFileInfo & { objectKey: string | null; inRow: boolean }> {
  const row = await db.selectFrom('stored_file').select([...infoColumns, 'object_key', sql<boolean>`content IS NOT NULL`.as('in_row')])
    .where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('file')
  return { ...toInfo(row), objectKey: row.object_key, inRow: row.in_row }
}

/** The object key of content-addressed bytes: `ab/abcdef...` (the first two hex digits spread the keys). */
export const contentKey = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`

export async function fileInfo(db: DbOrTx, id: number): Promise<StoredFileInfo> {
  const row = await db.selectFrom('stored_file').select(infoColumns).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('file')
  return toInfo(row)
}

/**
 * Bytes in a folder (STORAGE_DIR), named by their SHA-256 (`ab/abcdef...`): the same content is
 * kept once, and a write is a temporary file renamed into place, so a reader never sees half a
 * file. The row (content NULL, object_key set) is written in the caller's transaction; rows of
 * PgStorage (content set) are still read, so switching backends keeps the files already stored.
 * Removing a file deletes its row only: the bytes may be shared with another row, and deleting
 * them before the transaction commits would lose them if it rolled back; a sweep of keys no row
 * names would reclaim the space (not built yet).
 */
export class LocalStorage implements Storage {
  private readonly root: string
  constructor(dir: string) { this.root = resolve(dir) }

  private path(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`unexpected object key ${key}`)
    return join(this.root, key)
  }

  async put(db: DbOrTx, file: NewFile): Promise<StoredFileInfo> {
    const sha256 = sha256Hex(file.content)
    const key = contentKey(sha256)
    const target = this.path(key)
    const present = await stat(target).then((s) => s.size === file.content.length, () => false)
    if (!present) {
      await mkdir(dirname(target), { recursive: true })
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`
      await writeFile(tmp, file.content)
      await rename(tmp, target)
    }
    const { id } = await db.insertInto('stored_file').values({
      sha256, media_type: file.mediaType, size_bytes: file.content.length, file_name: file.fileName, content: null, object_key: key,
    }).returning('id').executeTakeFirstOrThrow()
    return { id, sha256, mediaType: file.mediaType, sizeBytes: file.content.length, fileName: file.fileName }
  }

  async get(db: DbOrTx, id: number): Promise<StoredFileInfo & { content: Buffer }> {
    const row = await locate(db, id)
    if (row.inRow || !row.objectKey) return new PgStorage().get(db, id)
    const { objectKey: _k, inRow: _r, ...info } = row
    return { ...info, content: await readFile(this.path(row.objectKey)) }
  }

  async getRange(db: DbOrTx, id: number, start: number, end: number): Promise<Buffer> {
    const row = await locate(db, id)
    if (row.inRow || !row.objectKey) return new PgStorage().getRange(db, id, start, end)
    const fh = await open(this.path(row.objectKey), 'r')
    try {
      const out = Buffer.alloc(end - start + 1)
      const { bytesRead } = await fh.read(out, 0, out.length, start)
      return out.subarray(0, bytesRead)
    } finally {
      await fh.close()
    }
  }

  info(db: DbOrTx, id: number): Promise<StoredFileInfo> {
    return fileInfo(db, id)
  }

  infos(db: DbOrTx, ids: readonly number[]): Promise<Map<number, StoredFileInfo>> {
    return new PgStorage().infos(db, ids)
  }

  remove(db: DbOrTx, id: number): Promise<StoredFileInfo | null> {
    return new PgStorage().remove(db, id)
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
