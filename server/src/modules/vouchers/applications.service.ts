import { sql } from 'kysely'
import {
  callPhase, type ApplicationListQuery, type ApplicationPage, type Expense, type FirmCreateApplicationBody, type UpdateApplicationBody,
  type VoucherApplication,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, fieldProblem, HttpError, notFound } from '../../core/errors.ts'
import type { Storage } from '../../core/storage.ts'
import type { CrmService, FirmAccess } from '../crm/index.ts'
import { dbNow, loadCall, type CallState } from './call-state.ts'
import { applicationView, listColumns, protocolOf, toListItem, type RowSources } from './application-rows.ts'

/** Who files a draft: the firm itself (its link; none when a linked account opened the session), or a partner organisation's user on its behalf. */
export type Filer = { kind: 'firm'; linkId: number | null } | { kind: 'partner'; partnerId: number; userId: number }

function unknownCategories(call: CallState, expenses: readonly Expense[] | undefined) {
  const codes = new Set(call.grantRule.categories.map((c) => c.code))
  return (expenses ?? []).flatMap((e, i) => (codes.has(e.category) ? [] : [fieldProblem(`/expenses/${i}/category`, 'not_a_category', 'not an expense category of this call')]))
}

const encode = (n: number) => Buffer.from(String(n)).toString('base64url')
const decode = (c: string | undefined) => {
  if (!c) return null
  const n = Number(Buffer.from(c, 'base64url').toString())
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/**
 * Applications before submission: a draft per firm per call (a second one is refused naming the
 * first), saved as the form goes; and the reading side for staff, partners and firms.
 */
export class ApplicationsService {
  private readonly db: Db
  private readonly crm: CrmService
  private readonly sources: RowSources
  constructor(db: Db, crm: CrmService, storage: Storage) {
    this.db = db
    this.crm = crm
    this.sources = { crm, storage }
  }

  async createDraft(callId: number, firmId: number, body: FirmCreateApplicationBody, filer: Filer, ctx: AuditContext, chamberId?: number): Promise<VoucherApplication> {
    const id = await this.db.transaction().execute(async (tx) => {
      const call = await loadCall(tx, callId, { published: true, ...(chamberId !== undefined ? { chamberId } : {}) })
      const phase = callPhase(call, await dbNow(tx))
      if (phase === 'closed') throw new HttpError(409, 'voucher_call_not_open', `the call closed at ${call.closesAt.toISOString()}`, undefined, { params: { closesAt: call.closesAt.toISOString() } })
      const problems = unknownCategories(call, body.expenses)
      if (problems.length) throw badRequest('some expenses are not in the call\'s categories', problems)
      const firm = await this.crm.firmProfile(tx, firmId)
      if (!firm) throw notFound('firm')
      const row = await tx.insertInto('voucher_application').values({
        call_id: call.id, chamber_id: call.chamberId, firm_id: firm.id, firm_name: firm.name, firm_tax_code: firm.taxCode,
        expenses: JSON.stringify(body.expenses ?? []), declarations: JSON.stringify(body.declarations ?? {}),
        contact: body.contact ? JSON.stringify(body.contact) : null, filed_by: filer.kind,
        partner_id: filer.kind === 'partner' ? filer.partnerId : null, created_by: filer.kind === 'partner' ? filer.userId : null,
        link_id: filer.kind === 'firm' ? filer.linkId : null,
      }).onConflict((oc) => oc.columns(['call_id', 'firm_id']).doNothing()).returning('id').executeTakeFirst()
      if (!row) {
        const existing = await tx.selectFrom('voucher_application').select(['id', 'protocol_number', 'status'])
          .where('call_id', '=', call.id).where('firm_id', '=', firm.id).executeTakeFirstOrThrow()
        throw conflict(existing.protocol_number !== null
          ? `the firm already applied to this call: protocol ${protocolOf(call.code, existing.protocol_number)} (${existing.status})`
          : `the firm already has a draft application to this call (id ${existing.id}): continue that one`, 'voucher_application_exists',
        existing.protocol_number !== null
          ? { applicationId: existing.id, protocol: protocolOf(call.code, existing.protocol_number) ?? '', status: existing.status }
          : { applicationId: existing.id, status: existing.status })
      }
      await this.crm.recordEvent(tx, ctx, { firmId: firm.id, type: 'voucher', sourceModule: 'vouchers',
        summary: `Domanda di voucher avviata sul bando ${call.code}${filer.kind === 'partner' ? ' da un partner' : ''}`,
        details: { callId: call.id, applicationId: row.id, step: 'draft' }, ...(filer.kind === 'partner' ? { partnerId: filer.partnerId } : {}) })
      await audit(tx, ctx, { chamberId: call.chamberId, action: 'vouchers.application.created', entity: 'voucher_application', entityId: row.id,
        after: { callId: call.id, firmId: firm.id, filedBy: filer.kind } })
      return row.id
    })
    return applicationView(this.db, this.sources, id)
  }

  async updateDraft(applicationId: number, patch: UpdateApplicationBody, ctx: AuditContext): Promise<VoucherApplication> {
    await this.db.transaction().execute(async (tx) => {
      const app = await tx.selectFrom('voucher_application').select(['id', 'call_id', 'chamber_id', 'status', 'protocol_number'])
        .where('id', '=', applicationId).forUpdate().executeTakeFirst()
      if (!app) throw notFound('application')
      const call = await loadCall(tx, app.call_id)
      if (app.status !== 'draft') throw conflict(`submitted with protocol ${protocolOf(call.code, app.protocol_number)}: it can no longer change`, 'voucher_application_submitted',
        { protocol: protocolOf(call.code, app.protocol_number) ?? '' })
      const problems = unknownCategories(call, patch.expenses)
      if (problems.length) throw badRequest('some expenses are not in the call\'s categories', problems)
      await tx.updateTable('voucher_application').set({
        ...(patch.expenses ? { expenses: JSON.stringify(patch.expenses) } : {}),
        ...(patch.declarations ? { declarations: JSON.stringify(patch.declarations) } : {}),
        ...(patch.contact ? { contact: JSON.stringify(patch.contact) } : {}),
        updated_at: sql`now()`,
      }).where('id', '=', app.id).where('status', '=', 'draft').execute()
      await audit(tx, ctx, { chamberId: app.chamber_id, action: 'vouchers.application.updated', entity: 'voucher_application', entityId: app.id,
        after: Object.keys(patch) })
    })
    return applicationView(this.db, this.sources, applicationId)
  }

  /** A call's applications in protocol order (drafts, asked for by status, by id), narrowed for partners. */
  async list(access: FirmAccess, callId: number, q: ApplicationListQuery): Promise<ApplicationPage> {
    await loadCall(this.db, callId, { chamberId: access.chamberId })
    const limit = q.limit ?? 100
    const after = decode(q.cursor)
    const drafts = q.status === 'draft'
    const order = drafts ? 'a.id' : 'a.protocol_number'
    let query = this.db.selectFrom('voucher_application as a').innerJoin('voucher_call as v', 'v.id', 'a.call_id').select(listColumns)
      .where('a.call_id', '=', callId)
    query = q.status ? query.where('a.status', '=', q.status) : query.where('a.status', '<>', 'draft')
    if (access.partnerId !== null) query = query.where('a.firm_id', 'in', this.crm.visibleFirmIds(this.db, access))
    if (after !== null) query = query.where(order, '>', after)
    const rows = await query.orderBy(order).limit(limit + 1).execute()
    const items = rows.slice(0, limit).map(toListItem)
    const last = items[items.length - 1]
    return { items, nextCursor: rows.length > limit && last ? encode(drafts ? last.id : last.protocolNumber!) : null }
  }

  /** The application if the access reaches its firm (404 otherwise: nobody learns which exist). */
  async visible(db: DbOrTx, access: FirmAccess, applicationId: number): Promise<{ id: number; firmId: number; callId: number; status: string }> {
    let q = db.selectFrom('voucher_application as a').select(['a.id', 'a.firm_id', 'a.call_id', 'a.status'])
      .where('a.id', '=', applicationId).where('a.chamber_id', '=', access.chamberId)
    if (access.partnerId !== null) q = q.where('a.firm_id', 'in', this.crm.visibleFirmIds(db, access))
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('application')
    return { id: row.id, firmId: row.firm_id, callId: row.call_id, status: row.status }
  }

  /** The firm's own application (404 for anyone else's). */
  async own(db: DbOrTx, firmId: number, applicationId: number): Promise<{ id: number; firmId: number; callId: number; status: string }> {
    const row = await db.selectFrom('voucher_application').select(['id', 'firm_id', 'call_id', 'status'])
      .where('id', '=', applicationId).where('firm_id', '=', firmId).executeTakeFirst()
    if (!row) throw notFound('application')
    return { id: row.id, firmId: row.firm_id, callId: row.call_id, status: row.status }
  }
}
