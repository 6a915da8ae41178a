import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { RequestsService } from './requests.service.ts'
import { DaysService } from './days.service.ts'
import matchingRoutes from './routes.ts'

/**
 * Mentoring's matching part: requests (staff, the firm, an assessment plan's item), explained
 * suggestions, proposals the mentor accepts or declines, and speed-mentoring days. When two firm
 * records are merged, the merged firm's requests, matches, slots and the conflicts naming it move
 * to the kept firm (an open request in an area the kept firm has open too is withdrawn).
 */
export default async function matchingPart(app: FastifyInstance) {
  const requests = new RequestsService(app)
  const days = new DaysService(app)
  app.crm.onFirmMerged('mentoring', async (tx, { fromId, intoId }) => {
    const dup = await tx.updateTable('mentoring_request').set({ status: 'withdrawn', closed_at: sql`now()` })
      .where('firm_id', '=', fromId).where('status', '=', 'open')
      .where(sql<boolean>`area IN (SELECT area FROM mentoring_request WHERE firm_id = ${intoId} AND status = 'open')`)
      .returning('id').execute()
    if (dup.length) {
      await tx.updateTable('mentoring_match').set({ status: 'withdrawn', responded_at: sql`now()` })
        .where('request_id', 'in', dup.map((d) => d.id)).where('status', '=', 'proposed').execute()
    }
    let moved = 0
    for (const table of ['mentoring_request', 'mentoring_match', 'mentoring_slot'] as const) {
      const r = await tx.updateTable(table).set({ firm_id: intoId }).where('firm_id', '=', fromId).executeTakeFirst()
      moved += Number(r.numUpdatedRows)
    }
    const c = await tx.updateTable('mentor_conflict').set({ firm_ids: sql`array_replace(firm_ids, ${fromId}::bigint, ${intoId}::bigint)` })
      .where(sql<boolean>`firm_ids @> ARRAY[${fromId}]::bigint[]`).executeTakeFirst()
    return moved + Number(c.numUpdatedRows)
  })
  await app.register(matchingRoutes, { requests, days })
}
