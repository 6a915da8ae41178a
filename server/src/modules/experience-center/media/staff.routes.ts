import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CreateMediaItemBody, MEDIA_FILE_TYPES, MediaFile, MediaFileParams, MediaItem, MediaItemList, MediaItemParams, MediaListQuery, MediaStateBody,
  MediaUploadQuery, UpdateMediaItemBody,
} from '@pid/shared'
import { ChamberParams } from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import type { MediaItemsService } from './items.service.ts'
import type { MediaFilesService } from './files.ts'

const tags = ['experience centre: media library']
const read = guarded('experience.read')
const manage = guarded('experience.media.manage')
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const base = '/chambers/:chamberId/experience/media'

/** Staff's side of the library: the list, the editor, publication, files (raw-body uploads, served with ranges). */
export default async function staffRoutes(fastify: FastifyInstance, { items, files }: { items: MediaItemsService; files: MediaFilesService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addContentTypeParser([...MEDIA_FILE_TYPES], { parseAs: 'buffer', bodyLimit: app.config.mediaMaxBytes }, (_req, body, done) => { done(null, body) })

  app.get(base, {
    schema: { tags, summary: "The chamber's library items, most recently changed first", params: ChamberParams, querystring: MediaListQuery,
      response: { 200: MediaItemList, 400: problem, ...denied } },
    config: read,
  }, async (req) => items.list(req.params.chamberId, req.query))

  app.post(base, {
    schema: { tags, summary: 'Add an item (a draft)', params: ChamberParams, body: CreateMediaItemBody,
      response: { 201: MediaItem, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await items.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:itemId`, {
    schema: { tags, summary: 'One item with its files', params: MediaItemParams, response: { 200: MediaItem, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => items.get(req.params.chamberId, req.params.itemId))

  app.patch(`${base}/:itemId`, {
    schema: { tags, summary: 'Change an item', params: MediaItemParams, body: UpdateMediaItemBody,
      response: { 200: MediaItem, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => items.update(req.params.chamberId, req.params.itemId, req.body, auditContext(req)))

  app.post(`${base}/:itemId/state`, {
    schema: { tags, summary: 'Publish, archive, or take back to draft', params: MediaItemParams, body: MediaStateBody,
      response: { 200: MediaItem, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => items.setState(req.params.chamberId, req.params.itemId, req.body.state, auditContext(req)))

  app.post(`${base}/:itemId/files`, {
    bodyLimit: app.config.mediaMaxBytes,
    schema: { tags, summary: 'Add a file: the raw body with its content-type, checked against the bytes', params: MediaItemParams,
      description: `Content types: ${MEDIA_FILE_TYPES.join(', ')}. The name goes in the query.`,
      querystring: MediaUploadQuery, response: { 201: MediaFile, 400: problem, ...denied, 404: problem, 409: problem, 413: problem, 415: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await files.upload(req.params.chamberId, req.params.itemId, req.query.fileName,
    req.headers['content-type'], req.body, auditContext(req))))

  app.get(`${base}/:itemId/files/:fileId`, {
    schema: { tags, summary: 'A file of an item, drafts included (single byte ranges answered 206)', params: MediaFileParams,
      response: { 200: binary, 206: binary, 400: problem, ...denied, 404: problem, 416: problem } },
    config: read,
  }, async (req, reply) => files.send(req, reply,
    await files.storedFileId(app.db, { chamberId: req.params.chamberId, publishedOnly: false }, req.params.itemId, req.params.fileId)))

  app.delete(`${base}/:itemId/files/:fileId`, {
    schema: { tags, summary: 'Remove a file from an item', params: MediaFileParams, response: { 204: Type.Null(), 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req, reply) => {
    await files.remove(req.params.chamberId, req.params.itemId, req.params.fileId, auditContext(req))
    return reply.code(204).send(null)
  })
}
