import { sql } from 'kysely'
import type { FirmFilter, PageQuery, Segment, SegmentBody } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { conflict, notFound } from '../../../core/errors.ts'
import { shownTaxCode, type FirmAccess } from '../access.ts'
import { filteredFirms } from '../firm-filter.ts'
import { decodeCursor, pageOf } from '../timeline/cursor.ts'
import { Service } from '../../../core/service.ts'

const isPgError = (err: unknown, code: string) => (err as { code?: string }).code === code

function segmentsQuery(db: DbOrTx, chamberId: number) {
  return db.selectFrom('segment as s')
    .leftJoin('app_user as u', 'u.id', 's.created_by')
    .select(['s.id', 's.name', 's.description', 's.filter', 's.created_by', 'u.name as author', 's.created_at', 's.updated_at'])
    .where('s.chamber_id', '=', chamberId)
}
type SegmentRow = Awaited<ReturnType<ReturnType<typeof segmentsQuery>['execute']>>[number]

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id, name: r.name, description: r.description, filter: r.filter as FirmFilter,
  createdBy: r.created_by !== null ? { id: r.created_by, name: r.author ?? '' } : null,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
})

export async function listSegments(db: DbOrTx, chamberId: number): Promise<Segment[]> {
  return (await segmentsQuery(db, chamberId).orderBy('s.name').orderBy('s.id').execute()).map(toSegment)
}

export async function getSegment(db: DbOrTx, chamberId: number, segmentId: number): Promise<Segment> {
  const row = await segmentsQuery(db, chamberId).where('s.id', '=', segmentId).executeTakeFirst()
  if (!row) throw notFound('segment')
  return toSegment(row)
}

/** A live count: count(*) over the filter's index-backed conditions. */
export async function countMatching(db: DbOrTx, access: FirmAccess, filter: FirmFilter): Promise<number> {
  const row = await filteredFirms(db, access, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The matching firms by name, keyset on (name, id): the (chamber_id, name, id) index serves order and seek. */
export async function matchingFirmPage(db: DbOrTx, access: FirmAccess, filter: FirmFilter, page: PageQuery) {
  const limit = page.limit ?? 50
  const after = decodeCursor(page.cursor)
  let q = filteredFirms(db, access, filter)
    .select(['f.id', 'f.name', 'f.tax_code', 'f.stage', 'f.size_class', 'f.ateco_code', 'f.province_code', 'f.last_touch_at'])
    .orderBy('f.name').orderBy('f.id').limit(limit + 1)
  if (after) q = q.where(sql<boolean>`(f.name, f.id) > (${after[0]}, ${after[1]}::bigint)`)
  return pageOf(await q.execute(), limit, (r) => toSegmentFirm(r, access), (r) => [r.name, r.id])
}

export interface FirmRow {
  id: number; name: string; tax_code: string; stage: number; size_class: string | null
  ateco_code: string | null; province_code: string; last_touch_at: Date | null
}
export const toSegmentFirm = (r: FirmRow, access: Pick<FirmAccess, 'personalData'>) => ({
  id: r.id, name: r.name, taxCode: shownTaxCode(access, r.tax_code), stage: r.stage,
  sizeClass: r.size_class as 'micro' | 'small' | 'medium' | 'large' | null, atecoCode: r.ateco_code,
  provinceCode: r.province_code, lastTouchAt: r.last_touch_at ? r.last_touch_at.toISOString() : null,
})

/** Saved segments of a chamber: each write in a transaction with its audit entry. */
export class SegmentsService extends Service<{ db: Db }> {
  async create(chamberId: number, body: SegmentBody, ctx: AuditContext): Promise<Segment> {
    return this.uniqueName(() => this.deps.db.transaction().execute(async (tx) => {
      const { id } = await tx.insertInto('segment').values({
        chamber_id: chamberId, name: body.name.trim(), description: body.description ?? null,
        filter: JSON.stringify(body.filter), created_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      const created = await getSegment(tx, chamberId, id)
      await audit(tx, ctx, { chamberId, action: 'crm.segment.created', entity: 'segment', entityId: id, after: created })
      return created
    }))
  }

  async update(chamberId: number, segmentId: number, body: SegmentBody, ctx: AuditContext): Promise<Segment> {
    return this.uniqueName(() => this.deps.db.transaction().execute(async (tx) => {
      const before = await getSegment(tx, chamberId, segmentId)
      await tx.updateTable('segment').set({
        name: body.name.trim(), description: body.description ?? null, filter: JSON.stringify(body.filter), updated_at: sql`now()`,
      }).where('id', '=', segmentId).where('chamber_id', '=', chamberId).execute()
      const after = await getSegment(tx, chamberId, segmentId)
      await audit(tx, ctx, { chamberId, action: 'crm.segment.updated', entity: 'segment', entityId: segmentId, before, after })
      return after
    }))
  }

  /** A segment a campaign was drawn from stays: the foreign key refuses the delete, even in a race. */
  async remove(chamberId: number, segmentId: number, ctx: AuditContext): Promise<void> {
    try {
      await this.deps.db.transaction().execute(async (tx) => {
        const before = await getSegment(tx, chamberId, segmentId)
        await tx.deleteFrom('segment').where('id', '=', segmentId).where('chamber_id', '=', chamberId).execute()
        await audit(tx, ctx, { chamberId, action: 'crm.segment.deleted', entity: 'segment', entityId: segmentId, before })
      })
    } catch (err) {
      if (isPgError(err, '23503')) throw conflict('a campaign uses this segment: it cannot be deleted')
      throw err
    }
  }

  private async uniqueName<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write()
    } catch (err) {
      if (isPgError(err, '23505')) throw conflict('the chamber already has a segment with this name')
      throw err
    }
  }
}
