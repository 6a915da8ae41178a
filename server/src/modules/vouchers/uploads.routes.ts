import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ApplicationDocument, DOCUMENT_MAX_BYTES, DOCUMENT_MEDIA_TYPES, DocumentUploadQuery, FirmApplicationParams, VoucherApplicationParams } from '@pid/shared'
import { auditContext } from '../../core/audit.ts'
import { forbidden } from '../../core/errors.ts'
import { firmAccess } from '../crm/index.ts'
import { denied, problem } from '../../core/route-kit.ts'
import { type VoucherServices } from './context.ts'

const upload = { 201: ApplicationDocument, 400: problem, ...denied, 404: problem, 409: problem, 413: problem, 415: problem }
const description = 'Send the file as the raw body with its content-type (application/pdf, image/jpeg, image/png, application/pkcs7-mime); ' +
  'the type and name go in the query. The call says which types it asks for, their formats and size limits.'

/** Uploads of application documents: only these routes take raw file bodies (the parser is encapsulated here). */
export default async function uploadRoutes(fastify: FastifyInstance, { s }: { s: VoucherServices }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES }, (_req, body, done) => { done(null, body) })

  app.post('/firm/vouchers/applications/:applicationId/documents', {
    bodyLimit: DOCUMENT_MAX_BYTES,
    schema: { tags: ['vouchers (firm)'], summary: 'Attach a document to the draft', description, params: FirmApplicationParams,
      querystring: DocumentUploadQuery, response: upload },
    config: { guard: { firm: 'vouchers' } },
  }, async (req, reply) => {
    const a = await s.applications.own(app.db, req.firm!.firmId, req.params.applicationId)
    return reply.code(201).send(await s.documents.upload(a.id, req.query, req.headers['content-type'], req.body, auditContext(req)))
  })

  app.post('/chambers/:chamberId/vouchers/applications/:applicationId/documents', {
    bodyLimit: DOCUMENT_MAX_BYTES,
    schema: { tags: ['vouchers'], summary: "A partner attaches a document to a firm's draft", description, params: VoucherApplicationParams,
      querystring: DocumentUploadQuery, response: upload },
    config: { guard: { action: 'vouchers.apply', scope: 'chamber' } },
  }, async (req, reply) => {
    const access = await firmAccess(app.db, req.actor!, req.params.chamberId, 'vouchers.apply')
    if (access.partnerId === null) throw forbidden("only a partner organisation files applications on a firm's behalf")
    const a = await s.applications.visible(app.db, access, req.params.applicationId)
    return reply.code(201).send(await s.documents.upload(a.id, req.query, req.headers['content-type'], req.body, auditContext(req)))
  })
}
