import { sql } from 'kysely'
import type { DuplicatePage, DuplicatePair, DuplicateScanStatus, DuplicatesQuery } from '@pid/shared'
import type { Db } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, notFound } from '../../../core/errors.ts'
import { requestScan } from './duplicate-scan.ts'
import type { JobQueue } from '../../../core/jobs.ts'

async function scanStatus(db: Db, chamberId: number): Promise<DuplicateScanStatus> {
  const s = await db.selectFrom('duplicate_scan').selectAll().where('chamber_id', '=', chamberId).executeTakeFirst()
  if (!s) return { state: 'never', requestedAt: null, finishedAt: null, pairs: null }
  const due = s.requested_at !== null && (s.started_at === null || s.started_at < s.requested_at || s.finished_at === null || s.finished_at < s.started_at)
  return {
    state: due ? 'waiting' : 'done', requestedAt: s.requested_at?.toISOString() ?? null,
    finishedAt: s.finished_at?.toISOString() ?? null, pairs: s.pairs,
  }
}

/**
 * Likely duplicates among the chamber's firms, as found by the last scan (duplicate-scan.ts), in
 * (a.id, b.id) order, keyset-paged: the same partita IVA under different codici fiscali, or names
 * alike in the same municipality. A pair whose firm was merged since is left out. The cursor is
 * "aId:bId" of the last pair returned.
 */
export async function findDuplicates(db: Db, chamberId: number, query: DuplicatesQuery): Promise<DuplicatePage> {
  const limit = query.limit ?? 50
  const [afterA, afterB] = (query.cursor ?? '0:0').split(':').map(Number) as [number, number]
  const rows = await db.selectFrom('duplicate_candidate as c')
    .innerJoin('firm as a', 'a.id', 'c.a_id').innerJoin('firm as b', 'b.id', 'c.b_id')
    .select(['c.a_id', 'c.b_id', 'c.reason', 'c.score',
      'a.name as a_name', 'a.tax_code as a_tax', 'a.vat_number as a_vat', 'a.municipality_code as a_mun',
      'b.name as b_name', 'b.tax_code as b_tax', 'b.vat_number as b_vat', 'b.municipality_code as b_mun'])
    .where('c.chamber_id', '=', chamberId)
    .where(sql<boolean>`(c.a_id, c.b_id) > (${afterA}, ${afterB})`)
    .where('a.merged_into_id', 'is', null).where('b.merged_into_id', 'is', null)
    .orderBy('c.a_id').orderBy('c.b_id').limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit).map((r): DuplicatePair => ({
    reason: r.reason, score: Math.round(Number(r.score) * 1000) / 1000,
    a: { id: r.a_id, name: r.a_name, taxCode: r.a_tax, vatNumber: r.a_vat, municipalityCode: r.a_mun },
    b: { id: r.b_id, name: r.b_name, taxCode: r.b_tax, vatNumber: r.b_vat, municipalityCode: r.b_mun },
  }))
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? `${last.a.id}:${last.b.id}` : null, scan: await scanStatus(db, chamberId) }
}

/** Staff ask for a fresh scan now (the page says when it is done). */
export async function rescan(db: Db, jobs: JobQueue, chamberId: number, ctx: AuditContext): Promise<DuplicateScanStatus> {
  await db.transaction().execute(async (tx) => {
    await requestScan(tx, jobs, chamberId)
    await audit(tx, ctx, { chamberId, action: 'crm.duplicates.scan_requested', entity: 'chamber', entityId: chamberId })
  })
  return scanStatus(db, chamberId)
}

/** Two firms checked by staff and found distinct: the pair goes and is never proposed again. */
export async function dismissPair(db: Db, chamberId: number, aId: number, bId: number, ctx: AuditContext): Promise<void> {
  if (aId === bId) throw badRequest('a firm is not its own duplicate', [{ path: '/bId', message: 'same firm as aId' }])
  const [low, high] = aId < bId ? [aId, bId] : [bId, aId]
  await db.transaction().execute(async (tx) => {
    const firms = await tx.selectFrom('firm').select('id').where('id', 'in', [low, high]).where('chamber_id', '=', chamberId).execute()
    if (firms.length !== 2) throw notFound('firm')
    await tx.insertInto('duplicate_dismissal').values({ a_id: low, b_id: high, dismissed_by: ctx.actorId })
      .onConflict((oc) => oc.columns(['a_id', 'b_id']).doNothing()).execute()
    await tx.deleteFrom('duplicate_candidate').where('a_id', '=', low).where('b_id', '=', high).execute()
    await audit(tx, ctx, { chamberId, action: 'crm.duplicates.dismissed', entity: 'firm', entityId: low, after: { distinctFrom: high } })
  })
}
