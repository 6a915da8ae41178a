import { sql, type Selectable } from 'kysely'
import type { CreateHelpRequestBody, HelpRequest, HelpStatus, StaffHelpRequest } from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { FirmPrincipal } from '../../../core/auth/firm-access.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, notFound } from '../../../core/errors.ts'
import { decodeKeyCursor, encodeKeyCursor } from '../../../core/paging.ts'
import type { WorkSources } from '../../../core/work.ts'
import type { HelpRequestTable } from '../tables.ts'
import { recordEvents } from '../timeline/record-events.ts'

/**
 * A firm's requests for help: the firm asks from its home or its assessment report; the request lands
 * on its timeline and in the staff's work queue; a promoter or coordinator takes it and closes it
 * with an outcome the firm reads on its home.
 */
type Row = Selectable<HelpRequestTable>
const iso = (d: Date | null) => (d ? d.toISOString() : null)
const TOPIC_LABEL: Record<HelpRequest['topic'], string> = {
  assessment: 'autovalutazione', vouchers: 'voucher', training: 'formazione', mentoring: 'mentoring', events: 'eventi', other: 'altro',
}

export function toHelpRequest(r: Row): HelpRequest {
  return {
    id: r.id, firmId: r.firm_id, topic: r.topic as HelpRequest['topic'], message: r.message, channel: r.channel as HelpRequest['channel'],
    email: r.email, phone: r.phone, origin: r.origin as HelpRequest['origin'], status: r.status as HelpStatus,
    createdAt: r.created_at.toISOString(), takenAt: iso(r.taken_at), closedAt: iso(r.closed_at), outcome: r.outcome,
  }
}

/** The firm asks: one row, one timeline event, one audit entry, in one transaction. */
export async function createHelpRequest(db: Db, firm: FirmPrincipal, body: CreateHelpRequestBody, ctx: AuditContext): Promise<HelpRequest> {
  const email = body.channel === 'email' ? body.email?.trim() : undefined
  const phone = body.channel === 'phone' ? body.phone?.trim() : undefined
  if (body.channel === 'email' && !email) throw badRequest('an e-mail address is needed to be answered by e-mail', [{ path: '/email', message: 'required with channel email' }])
  if (body.channel === 'phone' && !phone) throw badRequest('a phone number is needed to be called back', [{ path: '/phone', message: 'required with channel phone' }])
  const message = body.message.trim()
  if (!message) throw badRequest('say what you need', [{ path: '/message', message: 'empty' }])
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('help_request').values({
      chamber_id: firm.chamberId, firm_id: firm.firmId, topic: body.topic, message, channel: body.channel,
      email: email ?? null, phone: phone ?? null, origin: body.origin ?? 'home', assessment_id: body.assessmentId ?? null,
      link_id: firm.linkId, account_user_id: firm.accountUserId,
    }).returningAll().executeTakeFirstOrThrow()
    await recordEvents(tx, [{ ctx, event: { firmId: firm.firmId, type: 'help_request', sourceModule: 'crm',
      summary: `Richiesta di aiuto (${TOPIC_LABEL[row.topic as HelpRequest['topic']]}): ${message.slice(0, 120)}`,
      details: { helpRequestId: row.id, topic: row.topic, channel: row.channel, origin: row.origin } } }])
    await audit(tx, ctx, { chamberId: firm.chamberId, action: 'crm.help_request.created', entity: 'help_request', entityId: row.id,
      after: { firmId: firm.firmId, topic: row.topic, channel: row.channel, origin: row.origin, linkId: firm.linkId, accountUserId: firm.accountUserId } })
    return toHelpRequest(row)
  })
}

/** The firm's own requests, newest first (the last 50: a firm asks a few times a year). */
export async function firmHelpRequests(db: DbOrTx, firmId: number): Promise<HelpRequest[]> {
  const rows = await db.selectFrom('help_request').selectAll().where('firm_id', '=', firmId).orderBy('id', 'desc').limit(50).execute()
  return rows.map(toHelpRequest)
}

const isKey = (k: unknown[]): k is [number] => k.length === 1 && Number.isSafeInteger(k[0])

/** The chamber's requests with the firm's name and who took them. */
const staffRows = (db: DbOrTx, chamberId: number) => db.selectFrom('help_request as h').innerJoin('firm as f', 'f.id', 'h.firm_id')
  .leftJoin('app_user as u', 'u.id', 'h.taken_by').selectAll('h').select(['f.name as firm_name', 'u.name as taken_by_name'])
  .where('h.chamber_id', '=', chamberId)

const toStaff = ({ firm_name, taken_by_name, ...r }: Row & { firm_name: string; taken_by_name: string | null }): StaffHelpRequest =>
  ({ ...toHelpRequest(r), firmName: firm_name, takenBy: r.taken_by ? { id: r.taken_by, name: taken_by_name ?? '' } : null })

/** The chamber's requests for staff: not closed (oldest first, to be answered in turn), or one status (closed: newest first). */
export async function staffHelpRequests(db: DbOrTx, chamberId: number, q: { status?: HelpStatus; cursor?: string; limit: number }): Promise<{ items: StaffHelpRequest[]; nextCursor: string | null }> {
  const after = decodeKeyCursor(q.cursor, isKey)
  const closed = q.status === 'closed'
  const rows = await staffRows(db, chamberId)
    .$if(q.status === undefined, (w) => w.where('h.status', '<>', 'closed'))
    .$if(q.status !== undefined, (w) => w.where('h.status', '=', q.status!))
    .$if(after !== undefined, (w) => w.where('h.id', closed ? '<' : '>', after![0]))
    .orderBy('h.id', closed ? 'desc' : 'asc').limit(q.limit + 1).execute()
  const shown = rows.slice(0, q.limit)
  const last = shown[shown.length - 1]
  return { items: shown.map(toStaff), nextCursor: rows.length > q.limit && last ? encodeKeyCursor([last.id]) : null }
}

/** Take (open -> taken) or close (open/taken -> closed) a request of the chamber: a conditional UPDATE, so two staff never both take it. */
export async function moveHelpRequest(db: Db, chamberId: number, id: number, to: 'taken' | 'closed', ctx: AuditContext, outcome?: string): Promise<StaffHelpRequest> {
  if (to === 'closed' && !outcome?.trim()) throw badRequest('say how the request was answered', [{ path: '/outcome', message: 'empty' }])
  return db.transaction().execute(async (tx) => {
    const from = to === 'taken' ? ['open'] : ['open', 'taken']
    const done = await tx.updateTable('help_request')
      .set(to === 'taken'
        ? { status: 'taken', taken_by: ctx.actorId, taken_at: sql`now()` }
        : { status: 'closed', closed_by: ctx.actorId, closed_at: sql`now()`, outcome: outcome!.trim(),
            taken_by: sql`coalesce(taken_by, ${ctx.actorId}::bigint)`, taken_at: sql`coalesce(taken_at, now())` })
      .where('id', '=', id).where('chamber_id', '=', chamberId).where('status', 'in', from)
      .returningAll().executeTakeFirst()
    if (!done) {
      const now = await tx.selectFrom('help_request').select('status').where('id', '=', id).where('chamber_id', '=', chamberId).executeTakeFirst()
      if (!now) throw notFound('help request')
      throw conflict(to === 'taken' ? `this request is already ${now.status}` : 'this request is already closed')
    }
    if (to === 'closed') {
      await recordEvents(tx, [{ ctx, event: { firmId: done.firm_id, type: 'help_request', sourceModule: 'crm',
        summary: `Richiesta di aiuto chiusa: ${done.outcome!.slice(0, 120)}`, details: { helpRequestId: id, status: 'closed' } } }])
    }
    await audit(tx, ctx, { chamberId, action: to === 'taken' ? 'crm.help_request.taken' : 'crm.help_request.closed', entity: 'help_request', entityId: id,
      before: { status: from }, after: { status: to, ...(outcome ? { outcome: done.outcome } : {}) } })
    return toStaff(await staffRows(tx, chamberId).where('h.id', '=', id).executeTakeFirstOrThrow())
  })
}

/** The staff's work queue: the chamber's requests nobody has closed. */
export function registerHelpRequestWork(work: WorkSources): void {
  work.register({
    kind: 'help_requests', action: 'crm.help_requests', route: 'help-requests',
    count: async (db, chamberId) => Number((await db.selectFrom('help_request').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chamber_id', '=', chamberId).where('status', '<>', 'closed').executeTakeFirstOrThrow()).n),
  })
}
