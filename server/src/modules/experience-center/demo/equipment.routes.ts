import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ChamberParams, CreateEquipmentBody, Equipment, EQUIPMENT_PHOTO_MAX_BYTES, EQUIPMENT_PHOTO_MEDIA_TYPES, EquipmentList, EquipmentParams,
  EquipmentPhotoParams, EquipmentPhotoQuery, UpdateEquipmentBody,
} from '@pid/shared'
import { auditContext } from '../../../core/audit.ts'
import { denied, guarded, problem } from '../../../core/route-kit.ts'
import type { EquipmentService } from './equipment.service.ts'
import type { PhotosService } from './photos.service.ts'

const tags = ['experience centre: demo area']
const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })
const read = guarded('experience.read')
const manage = guarded('experience.demo.manage')
const base = '/chambers/:chamberId/experience/demo/equipment'

/** An inline image's name, quoted safely (RFC 6266, with the UTF-8 form). */
const inline = (fileName: string) =>
  `inline; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`

/** The demo area's equipment and its photos. */
export default async function equipmentRoutes(fastify: FastifyInstance, { equipment, photos }: { equipment: EquipmentService; photos: PhotosService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  // Only these routes take raw image bodies (the parser is encapsulated in this plugin).
  app.addContentTypeParser([...EQUIPMENT_PHOTO_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: EQUIPMENT_PHOTO_MAX_BYTES }, (_req, body, done) => { done(null, body) })

  app.get(base, {
    schema: { tags, summary: "The demo area's equipment, by name", params: ChamberParams, response: { 200: EquipmentList, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => ({ items: await equipment.list(req.params.chamberId) }))

  app.post(base, {
    schema: { tags, summary: 'Add an item lent by a vendor', params: ChamberParams, body: CreateEquipmentBody,
      response: { 201: Equipment, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await equipment.create(req.params.chamberId, req.body, auditContext(req))))

  app.get(`${base}/:equipmentId`, {
    schema: { tags, summary: 'An item of the demo area', params: EquipmentParams, response: { 200: Equipment, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req) => equipment.get(app.db, req.params.chamberId, req.params.equipmentId))

  app.patch(`${base}/:equipmentId`, {
    schema: { tags, summary: 'Change an item (loan period, condition, place...)', params: EquipmentParams, body: UpdateEquipmentBody,
      response: { 200: Equipment, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => equipment.update(req.params.chamberId, req.params.equipmentId, req.body, auditContext(req)))

  app.post(`${base}/:equipmentId/photos`, {
    bodyLimit: EQUIPMENT_PHOTO_MAX_BYTES,
    schema: { tags, summary: 'Add a photo (the raw body, image/jpeg or image/png, checked by its content; the name in the query)',
      params: EquipmentParams, querystring: EquipmentPhotoQuery,
      response: { 201: Equipment, 400: problem, ...denied, 404: problem, 409: problem, 413: problem, 415: problem } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(
    await photos.add(req.params.chamberId, req.params.equipmentId, req.query.fileName, req.headers['content-type'], req.body, auditContext(req))))

  app.get(`${base}/:equipmentId/photos/:photoId`, {
    schema: { tags, summary: 'A photo of the item (an image, never run as a page)', params: EquipmentPhotoParams,
      response: { 200: binary, 400: problem, ...denied, 404: problem } },
    config: read,
  }, async (req, reply) => {
    const file = await photos.get(req.params.chamberId, req.params.equipmentId, req.params.photoId)
    // The type was checked from the bytes on upload; the sandbox CSP keeps it inert if opened on its own.
    return reply.type(file.mediaType).header('content-disposition', inline(file.fileName))
      .header('content-security-policy', "default-src 'none'; sandbox").header('x-content-type-options', 'nosniff').send(file.content)
  })

  app.delete(`${base}/:equipmentId/photos/:photoId`, {
    schema: { tags, summary: 'Remove a photo', params: EquipmentPhotoParams, response: { 200: Equipment, 400: problem, ...denied, 404: problem } },
    config: manage,
  }, async (req) => photos.remove(req.params.chamberId, req.params.equipmentId, req.params.photoId, auditContext(req)))
}
