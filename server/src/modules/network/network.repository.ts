import { sql } from 'kysely'
import type { Chamber } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'

/** Chambers with their current provinces and the chambers merged into them, mapped to the API shape. */
export async function findChambers(db: DbOrTx, filter: { ids?: number[]; region?: string; includeMerged?: boolean }): Promise<Chamber[]> {
  let q = db
    .selectFrom('chamber as c')
    .select([
      'c.id', 'c.name', 'c.short_name', 'c.region_code', 'c.pid_name', 'c.active_from', 'c.active_to', 'c.merged_into_id',
      sql<string[]>`coalesce((select array_agg(cp.province_code::text order by cp.province_code) from chamber_province cp
        where cp.chamber_id = c.id and cp.valid_to is null), '{}')`.as('provinces'),
      sql<number[]>`coalesce((select array_agg(p.id order by p.id) from chamber p where p.merged_into_id = c.id), '{}')`.as('predecessor_ids'),
    ])
    .orderBy('c.name')
  if (filter.ids) q = q.where('c.id', 'in', filter.ids.length ? filter.ids : [0])
  if (filter.region) q = q.where('c.region_code', '=', filter.region)
  if (!filter.includeMerged) q = q.where('c.merged_into_id', 'is', null)
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    regionCode: r.region_code,
    provinces: r.provinces,
    pidName: r.pid_name,
    activeFrom: r.active_from,
    activeTo: r.active_to,
    mergedIntoId: r.merged_into_id,
    predecessorIds: r.predecessor_ids.map(Number),
  }))
}

export async function findChamber(db: DbOrTx, id: number): Promise<Chamber | undefined> {
  const [c] = await findChambers(db, { ids: [id], includeMerged: true })
  return c
}
