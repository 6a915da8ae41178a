import { sql } from 'kysely'
import type { CreateEquipmentBody, Equipment, EquipmentPhoto, UpdateEquipmentBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, fieldProblem, notFound } from '../../../core/errors.ts'
import type { Storage } from '../../../core/storage.ts'
import { Service } from '../../../core/service.ts'
import type { EcEquipmentTable } from './tables.ts'
import type { Selectable } from 'kysely'

type EquipmentRow = Selectable<EcEquipmentTable>

const toPhoto = (p: { id: number; file_name: string; media_type: string; size_bytes: number; created_at: Date }): EquipmentPhoto =>
  ({ id: p.id, fileName: p.file_name, mediaType: p.media_type, sizeBytes: p.size_bytes, createdAt: p.created_at.toISOString() })

export function toEquipment(r: EquipmentRow, photos: EquipmentPhoto[]): Equipment {
  return {
    id: r.id, chamberId: r.chamber_id, name: r.name, category: r.category as Equipment['category'], description: r.description,
    vendorName: r.vendor_name, vendorContact: r.vendor_contact, loanFrom: r.loan_from, loanTo: r.loan_to, location: r.location,
    condition: r.condition as Equipment['condition'], notes: r.notes, photos,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  }
}

/** The item of the chamber, or a 404 (another chamber's item is not found, whoever asks). */
export async function equipmentOf(db: DbOrTx, chamberId: number, equipmentId: number, lock?: 'update' | 'share'): Promise<EquipmentRow> {
  let q = db.selectFrom('ec_equipment').selectAll().where('id', '=', equipmentId).where('chamber_id', '=', chamberId)
  if (lock === 'update') q = q.forUpdate()
  if (lock === 'share') q = q.forShare()
  const row = await q.executeTakeFirst()
  if (!row) throw notFound('equipment')
  return row
}

/** 'YYYY-MM-DD' strings compare as days. */
function checkLoan(loanFrom: string, loanTo: string): void {
  if (loanTo < loanFrom) {
    throw badRequest('the loan ends before it starts', [fieldProblem('/loanTo', 'loan_before_start', 'the last day of the loan is before the first')])
  }
}

/** The demo area's lent equipment: what, from which vendor, for which period, where, in what condition. */
export class EquipmentService extends Service<{ db: Db; storage: Storage }> {
  async list(chamberId: number): Promise<Equipment[]> {
    const rows = await this.deps.db.selectFrom('ec_equipment').selectAll().where('chamber_id', '=', chamberId)
      .orderBy('name').orderBy('id').execute()
    const photos = await this.photosOf(this.deps.db, rows.map((r) => r.id))
    return rows.map((r) => toEquipment(r, photos.get(r.id) ?? []))
  }

  async get(db: DbOrTx, chamberId: number, equipmentId: number): Promise<Equipment> {
    const row = await equipmentOf(db, chamberId, equipmentId)
    return toEquipment(row, (await this.photosOf(db, [row.id])).get(row.id) ?? [])
  }

  async create(chamberId: number, body: CreateEquipmentBody, ctx: AuditContext): Promise<Equipment> {
    checkLoan(body.loanFrom, body.loanTo)
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('ec_equipment').values({
        chamber_id: chamberId, name: body.name.trim(), category: body.category, description: body.description ?? '',
        vendor_name: body.vendorName.trim(), vendor_contact: body.vendorContact ?? '', loan_from: body.loanFrom, loan_to: body.loanTo,
        location: body.location ?? '', condition: body.condition ?? 'good', notes: body.notes ?? '', created_by: ctx.actorId,
      }).returningAll().executeTakeFirstOrThrow()
      const item = toEquipment(row, [])
      await audit(tx, ctx, { chamberId, action: 'experience.demo.equipment_created', entity: 'ec_equipment', entityId: row.id, after: { ...item, photos: undefined } })
      return item
    })
  }

  /**
   * Changes an item. Shortening the loan or taking the item out of service leaves the bookings
   * already made as they are (staff see them on the calendar and cancel what no longer fits): the
   * vendor's word is what it is, and refusing it would help no one.
   */
  async update(chamberId: number, equipmentId: number, body: UpdateEquipmentBody, ctx: AuditContext): Promise<Equipment> {
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await equipmentOf(tx, chamberId, equipmentId, 'update')
      checkLoan(body.loanFrom ?? before.loan_from, body.loanTo ?? before.loan_to)
      const row = await tx.updateTable('ec_equipment').set({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.category !== undefined ? { category: body.category } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.vendorName !== undefined ? { vendor_name: body.vendorName.trim() } : {}),
        ...(body.vendorContact !== undefined ? { vendor_contact: body.vendorContact } : {}),
        ...(body.loanFrom !== undefined ? { loan_from: body.loanFrom } : {}),
        ...(body.loanTo !== undefined ? { loan_to: body.loanTo } : {}),
        ...(body.location !== undefined ? { location: body.location } : {}),
        ...(body.condition !== undefined ? { condition: body.condition } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        updated_at: sql`now()`,
      }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
      const photos = (await this.photosOf(tx, [row.id])).get(row.id) ?? []
      const item = toEquipment(row, photos)
      await audit(tx, ctx, { chamberId, action: 'experience.demo.equipment_updated', entity: 'ec_equipment', entityId: row.id,
        before: { ...toEquipment(before, []), photos: undefined }, after: { ...item, photos: undefined } })
      return item
    })
  }

  /** Photos' descriptions of several items in one query. */
  async photosOf(db: DbOrTx, equipmentIds: readonly number[]): Promise<Map<number, EquipmentPhoto[]>> {
    const map = new Map<number, EquipmentPhoto[]>()
    if (equipmentIds.length === 0) return map
    const rows = await db.selectFrom('ec_equipment_photo').select(['id', 'equipment_id', 'file_id', 'created_at'])
      .where('equipment_id', 'in', [...equipmentIds]).orderBy('id').execute()
    const infos = await this.deps.storage.infos(db, rows.map((r) => r.file_id))
    for (const r of rows) {
      const info = infos.get(r.file_id)
      if (!info) continue
      const list = map.get(r.equipment_id) ?? []
      list.push(toPhoto({ id: r.id, file_name: info.fileName, media_type: info.mediaType, size_bytes: info.sizeBytes, created_at: r.created_at }))
      map.set(r.equipment_id, list)
    }
    return map
  }
}
