import { MAX_DOCUMENTS_PER_APPLICATION, type ApplicationDocument, type DocumentMediaType, type DocumentUploadQuery } from '@pid/shared'
import type { Db } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import { sniffMediaType, type Storage } from '../../core/storage.ts'
import { loadCall } from './call-state.ts'
import { Service } from '../../core/service.ts'

/**
 * Documents of a draft application (quotes, declarations, signed forms): only the types the call
 * asks for, in the media types it allows, within its size limit, and bytes that are what they say
 * (a PDF starts with %PDF-...). They freeze with the submission, which lists their SHA-256.
 */
export class DocumentsService extends Service<{ db: Db; storage: Storage }> {
  async upload(applicationId: number, q: DocumentUploadQuery, contentType: string | undefined, body: unknown, ctx: AuditContext): Promise<ApplicationDocument> {
    if (!Buffer.isBuffer(body)) throw new HttpError(415, 'unsupported_media_type', 'send the file as the body, with its content-type (application/pdf, image/jpeg, image/png, application/pkcs7-mime)')
    const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    return this.deps.db.transaction().execute(async (tx) => {
      const app = await tx.selectFrom('voucher_application').select(['id', 'call_id', 'chamber_id', 'status']).where('id', '=', applicationId)
        .forUpdate().executeTakeFirst()
      if (!app) throw notFound('application')
      if (app.status !== 'draft') throw conflict('the application is submitted: its documents can no longer change', 'voucher_application_submitted')
      const call = await loadCall(tx, app.call_id)
      const spec = call.documents.find((d) => d.code === q.type)
      if (!spec) throw badRequest(`the call asks for no document of type '${q.type}'`, [{ path: '/query/type', message: `one of: ${call.documents.map((d) => d.code).join(', ') || 'none'}` }],
        'voucher_document_type_unknown', { type: q.type })
      if (!(spec.mediaTypes as readonly string[]).includes(declared)) {
        throw new HttpError(415, 'unsupported_media_type', `${spec.label.it}: send ${spec.mediaTypes.join(' or ')}`)
      }
      if (body.length === 0) throw badRequest('the file is empty', undefined, 'file_empty')
      if (body.length > spec.maxBytes) throw new HttpError(413, 'payload_too_large', `${spec.label.it}: at most ${spec.maxBytes} bytes`)
      if (sniffMediaType(body) !== declared) throw new HttpError(415, 'unsupported_media_type', `the file's content is not ${declared}`)
      const { n } = await tx.selectFrom('voucher_document').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', app.id).executeTakeFirstOrThrow()
      if (Number(n) >= MAX_DOCUMENTS_PER_APPLICATION) throw conflict(`at most ${MAX_DOCUMENTS_PER_APPLICATION} documents per application`, 'voucher_documents_limit', { max: MAX_DOCUMENTS_PER_APPLICATION })
      const file = await this.deps.storage.put(tx, { content: body, mediaType: declared, fileName: q.fileName })
      const row = await tx.insertInto('voucher_document').values({
        application_id: app.id, doc_type: q.type, file_id: file.id, uploaded_by: ctx.actorId,
      }).returning(['id', 'uploaded_at']).executeTakeFirstOrThrow()
      await tx.updateTable('voucher_application').set({ updated_at: new Date() }).where('id', '=', app.id).execute()
      await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.document.uploaded', entity: 'voucher_application', entityId: app.id,
        after: { documentId: row.id, type: q.type, fileName: q.fileName, sizeBytes: body.length, sha256: file.sha256 } })
      return { id: row.id, type: q.type, fileName: q.fileName, mediaType: declared as DocumentMediaType, sizeBytes: body.length, sha256: file.sha256,
        uploadedAt: row.uploaded_at.toISOString() }
    })
  }

  async download(applicationId: number, documentId: number): Promise<{ content: Buffer; mediaType: string; fileName: string }> {
    const doc = await this.deps.db.selectFrom('voucher_document').select('file_id')
      .where('id', '=', documentId).where('application_id', '=', applicationId).executeTakeFirst()
    if (!doc) throw notFound('document')
    return this.deps.storage.get(this.deps.db, doc.file_id)
  }

  async remove(applicationId: number, documentId: number, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const app = await tx.selectFrom('voucher_application').select(['id', 'chamber_id', 'status']).where('id', '=', applicationId).forUpdate().executeTakeFirst()
      if (!app) throw notFound('application')
      if (app.status !== 'draft') throw conflict('the application is submitted: its documents can no longer change', 'voucher_application_submitted')
      const doc = await tx.deleteFrom('voucher_document').where('id', '=', documentId).where('application_id', '=', app.id)
        .returning(['file_id', 'doc_type']).executeTakeFirst()
      if (!doc) throw notFound('document')
      const file = await this.deps.storage.remove(tx, doc.file_id)
      await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.document.removed', entity: 'voucher_application', entityId: app.id,
        before: { documentId, type: doc.doc_type, fileName: file?.fileName ?? null } })
    })
  }
}

/** A download's headers: the file name quoted safely (RFC 6266, with the UTF-8 form). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}
