import type { Chamber, CreateChamberBody, MergeChambersBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../core/errors.ts'
import { findChamber } from './network.repository.ts'
import { Service } from '../../core/service.ts'

const today = () => new Date().toISOString().slice(0, 10)

/** The chamber network: chambers cover provinces of one region; mergers keep history. */
export class NetworkService extends Service<{ db: Db }> {
  async createChamber(body: CreateChamberBody, ctx: AuditContext): Promise<Chamber> {
    return this.deps.db.transaction().execute(async (tx) => {
      const id = await insertChamber(tx, body)
      const chamber = (await findChamber(tx, id))!
      await audit(tx, ctx, { chamberId: id, action: 'chamber.created', entity: 'chamber', entityId: id, after: chamber })
      return chamber
    })
  }

  /**
   * Merges chambers into a new one on `date`: the new chamber takes over their provinces; the old
   * chambers are closed, not deleted, so their records (and the audit trail) stay theirs and
   * remain readable by the new chamber's staff.
   */
  async merge(body: MergeChambersBody, ctx: AuditContext): Promise<Chamber> {
    return this.deps.db.transaction().execute(async (tx) => {
      const olds = await tx.selectFrom('chamber').selectAll().where('id', 'in', body.chamberIds).forUpdate().execute()
      if (olds.length !== body.chamberIds.length) throw notFound('chamber')
      if (olds.some((c) => c.merged_into_id !== null || c.active_to !== null)) throw conflict('a chamber in the list is already closed or merged')
      const regions = new Set(olds.map((c) => c.region_code))
      if (regions.size !== 1) throw badRequest('chambers of different regions cannot merge', [{ path: '/chamberIds', message: 'different regions' }])
      if (olds.some((c) => c.active_from > body.date)) throw badRequest('the merger predates a chamber', [{ path: '/date', message: 'before a chamber started' }])
      const provinces = await tx.selectFrom('chamber_province').select('province_code')
        .where('chamber_id', 'in', body.chamberIds).where('valid_to', 'is', null).execute()
      await tx.updateTable('chamber_province').set({ valid_to: body.date })
        .where('chamber_id', 'in', body.chamberIds).where('valid_to', 'is', null).execute()
      const id = await insertChamber(tx, {
        name: body.name, shortName: body.shortName, activeFrom: body.date,
        provinces: provinces.map((p) => p.province_code),
      })
      await tx.updateTable('chamber').set({ merged_into_id: id, active_to: body.date }).where('id', 'in', body.chamberIds).execute()
      const chamber = (await findChamber(tx, id))!
      await audit(tx, ctx, { chamberId: id, action: 'chamber.merged', entity: 'chamber', entityId: id, before: olds, after: chamber })
      return chamber
    })
  }
}

async function insertChamber(tx: DbOrTx, body: CreateChamberBody): Promise<number> {
  const provinces = await tx.selectFrom('province').select(['code', 'region_code']).where('code', 'in', body.provinces).execute()
  if (provinces.length !== body.provinces.length) {
    const known = new Set(provinces.map((p) => p.code))
    throw badRequest('unknown province', body.provinces.map((p, i) => ({ p, i })).filter(({ p }) => !known.has(p))
      .map(({ i }) => ({ path: `/provinces/${i}`, message: 'unknown plate code' })))
  }
  const regions = new Set(provinces.map((p) => p.region_code))
  if (regions.size !== 1) throw badRequest('a chamber covers provinces of one region', [{ path: '/provinces', message: 'different regions' }])
  const taken = await tx.selectFrom('chamber_province').select('province_code')
    .where('province_code', 'in', body.provinces).where('valid_to', 'is', null).execute()
  if (taken.length) throw conflict(`provinces already covered by another chamber: ${taken.map((t) => t.province_code).join(', ')}`)
  const from = body.activeFrom ?? today()
  const { id } = await tx.insertInto('chamber').values({
    name: body.name, short_name: body.shortName, region_code: [...regions][0]!,
    pid_name: `PID ${body.shortName}`, active_from: from,
  }).returning('id').executeTakeFirstOrThrow()
  await tx.insertInto('chamber_province')
    .values(body.provinces.map((p) => ({ chamber_id: id, province_code: p, valid_from: from })))
    .execute()
  return id
}
