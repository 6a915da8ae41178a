import { sql } from 'kysely'
import type { TimelineEvent, TimelinePage, TimelineQuery, TimelineType } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import { visibleFirms, type FirmAccess } from '../access.ts'
import { decodeTimeCursor, pageOf } from './cursor.ts'

/** Calendar days of filters and dashboards are Italian days. */
export const TIME_ZONE = 'Europe/Rome'

/** The first instant of an Italian calendar day ('YYYY-MM-DD'), and of the day after it. */
export const dayStart = (day: string) => sql<Date>`(${day}::date::timestamp at time zone ${TIME_ZONE})`
export const dayAfter = (day: string) => sql<Date>`((${day}::date + 1)::timestamp at time zone ${TIME_ZONE})`

/** The timestamp at full (microsecond) precision, so that a cursor never skips or repeats a row. */
const cursorAt = sql<string>`to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

function eventsQuery(db: DbOrTx) {
  return db.selectFrom('timeline_event as t')
    .innerJoin('firm as tf', 'tf.id', 't.firm_id')
    .leftJoin('app_user as u', 'u.id', 't.author_id')
    .leftJoin('partner as p', 'p.id', 't.partner_id')
    .leftJoin('contact as c', 'c.id', 't.contact_id')
    .select([
      't.id', 't.firm_id', 'tf.name as firm_name', 't.type', 't.occurred_at', 't.summary', 't.details', 't.source_module',
      't.created_at', 't.author_id', 'u.name as author_name', 't.partner_id', 'p.name as partner_name', 't.contact_id',
      'c.first_name', 'c.last_name', 'c.erased_at', cursorAt.as('cursor_at'),
    ])
}
type EventRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['execute']>>[number]

function toEvent(r: EventRow): TimelineEvent {
  const contactName = [r.first_name, r.last_name].filter(Boolean).join(' ')
  return {
    id: r.id,
    firm: { id: r.firm_id, name: r.firm_name },
    type: r.type as TimelineType,
    occurredAt: r.occurred_at.toISOString(),
    summary: r.summary,
    details: r.details,
    author: r.author_id !== null ? { id: r.author_id, name: r.author_name ?? '' } : null,
    partner: r.partner_id !== null ? { id: r.partner_id, name: r.partner_name ?? '' } : null,
    contact: r.contact_id === null ? null
      : r.erased_at !== null ? { id: r.contact_id, name: null, anonymous: true }
        : { id: r.contact_id, name: contactName || null, anonymous: false },
    sourceModule: r.source_module,
    createdAt: r.created_at.toISOString(),
  }
}

/** Where the events come from: one firm's timeline, or a chamber's feed as the actor may see it. */
export type TimelineScope = { firmId: number } | { chamber: FirmAccess }

/** Newest first, keyset on (occurred_at, id): both lists seek an index that ends in those columns. */
export async function listTimeline(db: DbOrTx, scope: TimelineScope, query: TimelineQuery): Promise<TimelinePage> {
  const limit = query.limit ?? 50
  const after = decodeTimeCursor(query.cursor)
  let q = eventsQuery(db).orderBy('t.occurred_at', 'desc').orderBy('t.id', 'desc').limit(limit + 1)
  if ('firmId' in scope) {
    q = q.where('t.firm_id', '=', scope.firmId)
  } else {
    const access = scope.chamber
    q = q.where('t.chamber_id', '=', access.chamberId)
    // A partner user's feed holds only the events of the firms its organisation is related to.
    if (access.partnerId !== null) {
      q = q.where('t.firm_id', 'in', db.selectFrom('firm as f').select('f.id').where(visibleFirms(access)))
    }
  }
  if (query.types?.length) q = q.where('t.type', 'in', query.types)
  if (query.authorId !== undefined) q = q.where('t.author_id', '=', query.authorId)
  if (query.from !== undefined) q = q.where('t.occurred_at', '>=', dayStart(query.from))
  if (query.to !== undefined) q = q.where('t.occurred_at', '<', dayAfter(query.to))
  if (after) q = q.where(sql<boolean>`(t.occurred_at, t.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)`)
  const rows = await q.execute()
  return pageOf(rows, limit, toEvent, (r) => [r.cursor_at, r.id])
}

export async function timelineEvent(db: DbOrTx, id: number): Promise<TimelineEvent> {
  return toEvent(await eventsQuery(db).where('t.id', '=', id).executeTakeFirstOrThrow())
}

/** A firm's stage changes, newest first: a firm changes stage a handful of times, so no paging. */
export async function stageChanges(db: DbOrTx, firmId: number) {
  const rows = await db.selectFrom('stage_change as s')
    .leftJoin('app_user as u', 'u.id', 's.changed_by')
    .select(['s.id', 's.from_stage', 's.to_stage', 's.automatic', 's.reason', 's.event_id', 's.changed_by', 'u.name', 's.changed_at'])
    .where('s.firm_id', '=', firmId)
    .orderBy('s.changed_at', 'desc').orderBy('s.id', 'desc')
    .limit(1000)
    .execute()
  return rows.map((r) => ({
    id: r.id, fromStage: r.from_stage, toStage: r.to_stage, automatic: r.automatic, reason: r.reason, eventId: r.event_id,
    changedBy: r.changed_by !== null ? { id: r.changed_by, name: r.name ?? '' } : null,
    changedAt: r.changed_at.toISOString(),
  }))
}
