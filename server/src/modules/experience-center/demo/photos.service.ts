import { EQUIPMENT_PHOTO_MAX_BYTES, EQUIPMENT_PHOTO_MEDIA_TYPES, EQUIPMENT_PHOTOS_MAX, type Equipment } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../../core/errors.ts'
import { sniffMediaType, type Storage } from '../../../core/storage.ts'
import { Service } from '../../../core/service.ts'
import { equipmentOf, type EquipmentService } from './equipment.service.ts'

/**
 * An item's photos: JPEG or PNG whose bytes say so (a renamed file of another kind is refused),
 * kept through app.storage, served back as images with headers that stop a browser from reading
 * them as anything else.
 */
export class PhotosService extends Service<{ db: Db; storage: Storage; equipment: EquipmentService }> {
  async add(chamberId: number, equipmentId: number, fileName: string, contentType: string | undefined, body: unknown, ctx: AuditContext): Promise<Equipment> {
    const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    if (!Buffer.isBuffer(body) || !(EQUIPMENT_PHOTO_MEDIA_TYPES as readonly string[]).includes(declared)) {
      throw new HttpError(415, 'unsupported_media_type', 'send the photo as the body, with its content-type (image/jpeg or image/png)')
    }
    if (body.length === 0) throw badRequest('the file is empty', undefined, 'file_empty')
    if (body.length > EQUIPMENT_PHOTO_MAX_BYTES) throw new HttpError(413, 'payload_too_large', `at most ${EQUIPMENT_PHOTO_MAX_BYTES} bytes`)
    if (sniffMediaType(body) !== declared) throw new HttpError(415, 'unsupported_media_type', `the file's content is not ${declared}`)
    return this.deps.db.transaction().execute(async (tx) => {
      // The item's row lock serialises uploads to it, so the limit holds when two arrive at once.
      const item = await equipmentOf(tx, chamberId, equipmentId, 'update')
      const { n } = await tx.selectFrom('ec_equipment_photo').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('equipment_id', '=', item.id).executeTakeFirstOrThrow()
      if (Number(n) >= EQUIPMENT_PHOTOS_MAX) throw conflict(`at most ${EQUIPMENT_PHOTOS_MAX} photos per item`, 'demo_photos_limit', { max: EQUIPMENT_PHOTOS_MAX })
      const file = await this.deps.storage.put(tx, { content: body, mediaType: declared, fileName })
      const photo = await tx.insertInto('ec_equipment_photo').values({ equipment_id: item.id, file_id: file.id, created_by: ctx.actorId })
        .returning('id').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'experience.demo.photo_added', entity: 'ec_equipment', entityId: item.id,
        after: { photoId: photo.id, fileName, mediaType: declared, sizeBytes: body.length, sha256: file.sha256 } })
      return this.deps.equipment.get(tx, chamberId, item.id)
    })
  }

  async get(chamberId: number, equipmentId: number, photoId: number): Promise<{ content: Buffer; mediaType: string; fileName: string }> {
    const item = await equipmentOf(this.deps.db, chamberId, equipmentId)
    const photo = await this.deps.db.selectFrom('ec_equipment_photo').select('file_id')
      .where('id', '=', photoId).where('equipment_id', '=', item.id).executeTakeFirst()
    if (!photo) throw notFound('photo')
    return this.deps.storage.get(this.deps.db, photo.file_id)
  }

  async remove(chamberId: number, equipmentId: number, photoId: number, ctx: AuditContext): Promise<Equipment> {
    return this.deps.db.transaction().execute(async (tx) => {
      const item = await equipmentOf(tx, chamberId, equipmentId, 'update')
      const photo = await tx.deleteFrom('ec_equipment_photo').where('id', '=', photoId).where('equipment_id', '=', item.id)
        .returning('file_id').executeTakeFirst()
      if (!photo) throw notFound('photo')
      const file = await this.deps.storage.remove(tx, photo.file_id)
      await audit(tx, ctx, { chamberId, action: 'experience.demo.photo_removed', entity: 'ec_equipment', entityId: item.id,
        before: { photoId, fileName: file?.fileName ?? null } })
      return this.deps.equipment.get(tx, chamberId, item.id)
    })
  }
}
