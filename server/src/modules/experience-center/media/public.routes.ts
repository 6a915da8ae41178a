import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CatalogueParams, CataloguePage, CatalogueQuery, PublicMediaFileParams, PublicMediaItem, PublicMediaParams } from '@pid/shared'
import { problem } from '../../../core/route-kit.ts'
import type { CatalogueService } from './catalogue.ts'
import type { MediaFilesService } from './files.ts'

const tags = ['experience centre: catalogue (public)']
const open = { guard: 'public' } as const
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

/** The public catalogue: no sign-in; only published items and their files. */
export default async function publicRoutes(fastify: FastifyInstance, { catalogue, files }: { catalogue: CatalogueService; files: MediaFilesService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/public/chambers/:chamberId/experience/media', {
    schema: { tags, summary: "A chamber's published items: search (accent-insensitive) and filters", params: CatalogueParams, querystring: CatalogueQuery,
      response: { 200: CataloguePage, 400: problem, 404: problem } },
    config: open,
  }, async (req) => catalogue.search(req.params.chamberId, req.query))

  app.get('/public/experience/media/:itemId', {
    schema: { tags, summary: 'A published item (counts one view)', params: PublicMediaParams, response: { 200: PublicMediaItem, 400: problem, 404: problem } },
    config: open,
  }, async (req) => catalogue.item(req.params.itemId))

  app.get('/public/experience/media/:itemId/files/:fileId', {
    schema: { tags, summary: "A published item's file (single byte ranges answered 206, so videos seek)", params: PublicMediaFileParams,
      response: { 200: binary, 206: binary, 400: problem, 404: problem, 416: problem } },
    config: open,
  }, async (req, reply) => files.send(req, reply,
    await files.storedFileId(app.db, { chamberId: null, publishedOnly: true }, req.params.itemId, req.params.fileId)))
}
