import { sql } from 'kysely'
import { stageAfter, type Stage } from '@pid/shared'
import type { DbOrTx } from '../../../db/database.ts'
import type { AuditContext } from '../../../core/audit.ts'
import { notFound } from '../../../core/errors.ts'
import type { RecordedEvent, TimelineInput } from '../crm.types.ts'

/**
 * Touches on firms' timelines, one or many (the only place that writes them with their effects): the timeline events, the
 * firms' last touch, their stage moved forward only (with its history), one audit row per touch.
 * Two statements whatever the number of touches: the firms are locked in id order (two batches
 * never deadlock) and their stages read, then one statement writes everything. A batch of voucher
 * submissions records hundreds of touches per transaction with it.
 */
export async function recordEvents(tx: DbOrTx, entries: readonly { ctx: AuditContext; event: TimelineInput }[]): Promise<RecordedEvent[]> {
  if (entries.length === 0) return []
  const ids = [...new Set(entries.map((e) => e.event.firmId))].sort((a, b) => a - b)
  const firms = await tx.selectFrom('firm').select(['id', 'chamber_id', 'stage', 'last_touch_at']).where('id', 'in', ids)
    .orderBy('id').forUpdate().execute()
  if (firms.length !== ids.length) throw notFound('firm')
  const state = new Map(firms.map((f) => [f.id, { chamberId: f.chamber_id, stage: f.stage as Stage, touch: f.last_touch_at }]))
  const now = new Date()
  const rows = entries.map(({ ctx, event: e }) => {
    const f = state.get(e.firmId)!
    const at = e.occurredAt ?? now
    if (!f.touch || at > f.touch) f.touch = at
    const next = stageAfter(f.stage, e.type)
    const change = next !== f.stage ? { from: f.stage, to: next } : null
    f.stage = next
    return { ctx, e, at, chamberId: f.chamberId, change, stage: next }
  })
  const col = <T>(fn: (r: (typeof rows)[number]) => T) => rows.map(fn)
  const firmList = [...state.entries()]
  // Identity values are drawn row by row in insertion order: numbering the returned ids in order
  // lines each event up with its input row (n), for its audit row and stage history.
  const events = await sql<{ id: number }>`WITH input AS (
      SELECT * FROM unnest(${col((r) => r.e.firmId)}::bigint[], ${col((r) => r.chamberId)}::bigint[], ${col((r) => r.e.type)}::text[],
        ${col((r) => r.at)}::timestamptz[], ${col((r) => r.e.summary)}::text[], ${col((r) => JSON.stringify(r.e.details ?? {}))}::jsonb[],
        ${col((r) => r.e.contactId ?? null)}::bigint[], ${col((r) => r.ctx.actorId)}::bigint[], ${col((r) => r.e.partnerId ?? null)}::bigint[],
        ${col((r) => r.e.sourceModule ?? 'crm')}::text[], ${col((r) => r.change?.from ?? null)}::smallint[], ${col((r) => r.change?.to ?? null)}::smallint[],
        ${col((r) => r.ctx.requestId)}::text[], ${col((r) => r.ctx.ip)}::text[])
        WITH ORDINALITY AS t(firm_id, chamber_id, type, occurred_at, summary, details, contact_id, author_id, partner_id, source_module,
          stage_from, stage_to, request_id, ip, n)
    ), events AS (
      INSERT INTO timeline_event (firm_id, chamber_id, type, occurred_at, summary, details, contact_id, author_id, partner_id, source_module)
      SELECT firm_id, chamber_id, type, occurred_at, summary, details, contact_id, author_id, partner_id, source_module FROM input ORDER BY n
      RETURNING id
    ), numbered AS (
      SELECT id, row_number() OVER (ORDER BY id) AS n FROM events
    ), firms AS (
      UPDATE firm f SET last_touch_at = v.touch, stage = v.stage,
        stage_changed_at = CASE WHEN v.stage <> f.stage THEN now() ELSE f.stage_changed_at END
      FROM unnest(${firmList.map(([id]) => id)}::bigint[], ${firmList.map(([, f]) => f.touch)}::timestamptz[],
        ${firmList.map(([, f]) => f.stage)}::smallint[]) AS v(id, touch, stage)
      WHERE f.id = v.id
    ), contacts AS (
      UPDATE contact c SET last_activity_at = greatest(c.last_activity_at, i.occurred_at)
      FROM input i WHERE c.id = i.contact_id AND c.firm_id = i.firm_id
    ), history AS (
      INSERT INTO stage_change (firm_id, from_stage, to_stage, automatic, reason, event_id, changed_by)
      SELECT i.firm_id, i.stage_from, i.stage_to, true, 'automatic: ' || i.type, e.id, i.author_id
      FROM input i JOIN numbered e USING (n) WHERE i.stage_to IS NOT NULL
    ), audited AS (
      INSERT INTO audit_log (actor_id, chamber_id, action, entity, entity_id, after, request_id, ip)
      SELECT i.author_id, i.chamber_id, 'crm.timeline.recorded', 'firm', i.firm_id::text,
        jsonb_build_object('eventId', e.id, 'type', i.type) || CASE WHEN i.stage_to IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('stage', i.stage_to) END,
        i.request_id, i.ip
      FROM input i JOIN numbered e USING (n)
    )
    SELECT id FROM numbered ORDER BY n`.execute(tx)
  return rows.map((r, i) => ({ id: Number(events.rows[i]!.id), chamberId: r.chamberId, stage: r.stage, stageChanged: r.change !== null }))
}
