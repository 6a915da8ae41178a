import type { FastifyRequest } from 'fastify'
import type { AuditAction, AuditEntity } from '@pid/shared'
import type { DbOrTx } from '../db/database.ts'

/** Who acts, in which request: taken from the request, or given by a CLI or a job. */
export interface AuditContext {
  actorId: number | null
  requestId: string | null
  ip: string | null
}

export interface AuditEvent {
  chamberId: number | null
  /** One of shared AUDIT_ACTIONS / AUDIT_ENTITIES, so the log's screen can name it. */
  action: AuditAction
  entity: AuditEntity
  entityId?: string | number | null
  before?: unknown
  after?: unknown
}

export function auditContext(req: FastifyRequest): AuditContext {
  return { actorId: req.actor?.userId ?? null, requestId: String(req.id), ip: req.ip }
}

export const systemContext = (label: string): AuditContext => ({ actorId: null, requestId: label, ip: null })

/** Records a write. Call it inside the transaction that makes the write, so both land or neither. */
export async function audit(db: DbOrTx, ctx: AuditContext, e: AuditEvent): Promise<void> {
  await auditMany(db, [{ ctx, event: e }])
}

/** Records many writes at once (one INSERT), each with its own context: a batch of submissions. */
export async function auditMany(db: DbOrTx, entries: readonly { ctx: AuditContext; event: AuditEvent }[]): Promise<void> {
  if (entries.length === 0) return
  await db
    .insertInto('audit_log')
    .values(entries.map(({ ctx, event: e }) => ({
      actor_id: ctx.actorId,
      chamber_id: e.chamberId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId == null ? null : String(e.entityId),
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      request_id: ctx.requestId,
      ip: ctx.ip,
    })))
    .execute()
}
