import type { FastifyReply, FastifyRequest } from 'fastify'
import { MEDIA_FILE_TYPES, MEDIA_MAX_FILES_PER_ITEM, type MediaFile } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { Storage } from '../../../core/storage.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../../core/errors.ts'
import { Service } from '../../../core/service.ts'
import { isInline, sniffMediaFile } from './file-types.ts'
import { parseRange } from './range.ts'

/** RFC 6266 disposition with an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * The library's files: uploaded as the raw body with their declared type, which the bytes' own
 * signature must confirm; at most `maxBytes` and MEDIA_MAX_FILES_PER_ITEM per item (the count is
 * checked under the item's row lock, so two uploads at once cannot pass it together).
 */
export class MediaFilesService extends Service<{ db: Db; storage: Storage; maxBytes: number }> {
  async upload(chamberId: number, itemId: number, fileName: string, contentType: string | undefined, body: unknown, ctx: AuditContext): Promise<MediaFile> {
    const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    if (!Buffer.isBuffer(body) || !(MEDIA_FILE_TYPES as readonly string[]).includes(declared)) {
      throw new HttpError(415, 'unsupported_media_type', `send the file as the body with its content-type: ${MEDIA_FILE_TYPES.join(', ')}`)
    }
    if (body.length === 0) throw badRequest('the file is empty', undefined, 'file_empty')
    if (body.length > this.deps.maxBytes) throw new HttpError(413, 'payload_too_large', `at most ${this.deps.maxBytes} bytes`)
    if (sniffMediaFile(body) !== declared) throw new HttpError(415, 'unsupported_media_type', `the file's content is not ${declared}`)
    return this.deps.db.transaction().execute(async (tx) => {
      const item = await tx.selectFrom('ec_media_item').select(['id']).where('id', '=', itemId).where('chamber_id', '=', chamberId).forUpdate().executeTakeFirst()
      if (!item) throw notFound('media item')
      const { n } = await tx.selectFrom('ec_media_file').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow()
      if (Number(n) >= MEDIA_MAX_FILES_PER_ITEM) throw conflict(`at most ${MEDIA_MAX_FILES_PER_ITEM} files per item`, 'media_files_limit', { max: MEDIA_MAX_FILES_PER_ITEM })
      const file = await this.deps.storage.put(tx, { content: body, mediaType: declared, fileName })
      const row = await tx.insertInto('ec_media_file').values({ item_id: itemId, file_id: file.id, uploaded_by: ctx.actorId })
        .returning(['id', 'uploaded_at']).executeTakeFirstOrThrow()
      await tx.updateTable('ec_media_item').set({ updated_at: new Date() }).where('id', '=', itemId).execute()
      await audit(tx, ctx, { chamberId, action: 'experience.media.file_added', entity: 'ec_media_item', entityId: itemId,
        after: { fileId: row.id, fileName, mediaType: declared, sizeBytes: body.length, sha256: file.sha256 } })
      return { id: row.id, fileName, mediaType: declared, sizeBytes: body.length, sha256: file.sha256, uploadedAt: row.uploaded_at.toISOString() }
    })
  }

  async remove(chamberId: number, itemId: number, fileId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const item = await tx.selectFrom('ec_media_item').select('id').where('id', '=', itemId).where('chamber_id', '=', chamberId).forUpdate().executeTakeFirst()
      if (!item) throw notFound('media item')
      const gone = await tx.deleteFrom('ec_media_file').where('id', '=', fileId).where('item_id', '=', itemId).returning('file_id').executeTakeFirst()
      if (!gone) throw notFound('file')
      const info = await this.deps.storage.remove(tx, gone.file_id)
      await tx.updateTable('ec_media_item').set({ updated_at: new Date() }).where('id', '=', itemId).execute()
      await audit(tx, ctx, { chamberId, action: 'experience.media.file_removed', entity: 'ec_media_item', entityId: itemId,
        before: { fileId, fileName: info?.fileName ?? null } })
    })
  }

  /** The stored file behind an item's file; `chamberId` null with `publishedOnly` for the public side. */
  async storedFileId(db: DbOrTx, where: { chamberId: number | null; publishedOnly: boolean }, itemId: number, fileId: number): Promise<number> {
    let q = db.selectFrom('ec_media_file as f').innerJoin('ec_media_item as i', 'i.id', 'f.item_id').select('f.file_id')
      .where('f.id', '=', fileId).where('f.item_id', '=', itemId)
    if (where.chamberId !== null) q = q.where('i.chamber_id', '=', where.chamberId)
    if (where.publishedOnly) q = q.where('i.state', '=', 'published')
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('file')
    return row.file_id
  }

  /**
   * Sends the file with safe headers and range support: the checked type, nosniff, a sandboxing
   * CSP (a document opened from here runs no script and reaches nothing), inline for videos and
   * images and as a download otherwise; a single byte range is answered 206 (so a video seeks),
   * a range past the end 416.
   */
  async send(req: FastifyRequest, reply: FastifyReply, storedFileId: number): Promise<FastifyReply> {
    const info = await this.deps.storage.info(this.deps.db, storedFileId)
    reply.header('accept-ranges', 'bytes').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('content-disposition', disposition(isInline(info.mediaType) ? 'inline' : 'attachment', info.fileName))
      .header('cache-control', 'private, max-age=300').header('etag', `"${info.sha256}"`)
    const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, info.sizeBytes)
    if (range === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${info.sizeBytes}`).type('application/problem+json').send({
        type: 'https://pid.example/problems/range_not_satisfiable', title: 'Range Not Satisfiable', status: 416, code: 'validation',
        detail: `the file has ${info.sizeBytes} bytes`,
      })
    }
    if (range === 'whole') {
      const { content } = await this.deps.storage.get(this.deps.db, storedFileId)
      return reply.code(200).type(info.mediaType).send(content)
    }
    const part = await this.deps.storage.getRange(this.deps.db, storedFileId, range.start, range.end)
    return reply.code(206).type(info.mediaType).header('content-range', `bytes ${range.start}-${range.start + part.length - 1}/${info.sizeBytes}`).send(part)
  }
}
