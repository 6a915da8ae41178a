import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AuditPage, ChamberParams, MailPage, NetworkAuditQuery, PageQuery, WorkList } from '@pid/shared'
import type { Db } from '../../db/database.ts'
import { badRequest } from '../../core/errors.ts'
import { denied, problem } from '../../core/route-kit.ts'

const tags = ['operations']
const Query = PageQuery

/** Keyset cursor over descending ids: the id of the last row seen. */
function cursorId(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  if (!/^[0-9]{1,15}$/.test(cursor)) throw badRequest('cursor is not valid', [{ path: '/querystring/cursor', message: 'not a cursor' }])
  return Number(cursor)
}

function page<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null }
}

/** The chamber's audit trail and mail outbox ("sent mail"). */
export default async function operationsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.work.register({
    kind: 'mail_held', action: 'mail.read', route: 'mail',
    count: async (db, chamberId) => Number((await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chamber_id', '=', chamberId).where('status', '=', 'held').executeTakeFirstOrThrow()).n),
  })

  app.get('/chambers/:chamberId/work', {
    schema: { tags, summary: 'What waits for the signed-in user in the chamber: a count per kind of work its roles do there, with the page that lists it',
      params: ChamberParams, response: { 200: WorkList, 400: problem, ...denied } },
    config: { guard: 'authenticated' },
  }, async (req) => ({ items: await app.work.forActor(app.db, req.actor!, req.params.chamberId) }))

  app.get('/chambers/:chamberId/audit', {
    schema: { tags, summary: "The chamber's audit trail, newest first", params: ChamberParams, querystring: Query,
      response: { 200: AuditPage, 400: problem, ...denied } },
    config: { guard: { action: 'audit.read', scope: 'chamber' } },
  }, async (req) => auditPage(app.db, { chamberId: req.params.chamberId }, req.query))

  app.get('/audit', {
    schema: { tags, summary: 'The whole network\'s audit trail (sign-ins and network events included), newest first',
      querystring: NetworkAuditQuery, response: { 200: AuditPage, 400: problem, ...denied } },
    config: { guard: { action: 'audit.read', scope: 'network' } },
  }, async (req) => auditPage(app.db, { chamberId: req.query.chamberId, actorId: req.query.actorId, action: req.query.action }, req.query))

  app.get('/chambers/:chamberId/mail', {
    schema: { tags, summary: "The chamber's outgoing mail (held here when no SMTP server is configured)",
      params: ChamberParams, querystring: Query, response: { 200: MailPage, 400: problem, ...denied } },
    config: { guard: { action: 'mail.read', scope: 'chamber' } },
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const before = cursorId(req.query.cursor)
    let q = app.db.selectFrom('mail_outbox')
      .select(['id', 'created_at', 'to_address', 'subject', 'text_body', 'status', 'sent_at', 'attachments'])
      .where('chamber_id', '=', req.params.chamberId)
      .orderBy('id', 'desc')
      .limit(limit + 1)
    if (before !== undefined) q = q.where('id', '<', before)
    const rows = await q.execute()
    return page(rows.map((r) => ({
      id: r.id, createdAt: r.created_at.toISOString(), to: r.to_address, subject: r.subject, text: r.text_body,
      status: r.status, sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      attachments: (r.attachments ?? []).map((a) => ({ kind: a.kind, filename: a.filename })),
    })), limit)
  })
}

async function auditPage(db: Db, filter: { chamberId?: number; actorId?: number; action?: string }, query: PageQuery) {
  const limit = query.limit ?? 50
  const before = cursorId(query.cursor)
  let q = db.selectFrom('audit_log as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.actor_id', 'u.email', 'a.chamber_id', 'a.action', 'a.entity', 'a.entity_id', 'a.before', 'a.after', 'a.request_id'])
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
  if (filter.chamberId !== undefined) q = q.where('a.chamber_id', '=', filter.chamberId)
  if (filter.actorId !== undefined) q = q.where('a.actor_id', '=', filter.actorId)
  if (filter.action !== undefined) q = q.where('a.action', '=', filter.action)
  if (before !== undefined) q = q.where('a.id', '<', before)
  const rows = await q.execute()
  return page(rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), actorId: r.actor_id, actorEmail: r.email, chamberId: r.chamber_id,
    action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after, requestId: r.request_id,
  })), limit)
}
