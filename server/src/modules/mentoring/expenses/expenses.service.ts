import { sql } from 'kysely'
import {
  DEFAULT_MENTOR_EXPENSE_CAP_CENTS, EXPENSE_RECEIPT_MAX_BYTES, EXPENSE_RECEIPT_MEDIA_TYPES,
  type ChamberExpenses, type ExpenseClaimBody, type ExpenseYearTotals, type MentorExpense, type MentoringProgramme, type MyExpenses,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../../db/database.ts'
import type { BudgetService } from '../../budget/index.ts'
import type { CrmService } from '../../crm/index.ts'
import { audit, type AuditContext } from '../../../core/audit.ts'
import { badRequest, conflict, fieldProblem, HttpError, notFound } from '../../../core/errors.ts'
import { sniffMediaType, type Storage } from '../../../core/storage.ts'

/**
 * Mentors' expense claims. The cap per mentor per year is the programme's of the mentor's home
 * chamber for that year (the default when it set none); approving adds to the mentor's approved
 * total of the year with a conditional UPDATE (the database's rule, under the row's CHECK), flips
 * the claim's status conditionally and spends the amount on the paying chamber's 'mentoring'
 * budget line, all in one transaction: any refusal rolls everything back.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export async function programmeCap(db: DbOrTx, chamberId: number, year: number): Promise<number> {
  const row = await db.selectFrom('mentoring_programme').select('expense_cap_cents')
    .where('chamber_id', '=', chamberId).where('year', '=', year).executeTakeFirst()
  return row ? Number(row.expense_cap_cents) : DEFAULT_MENTOR_EXPENSE_CAP_CENTS
}

export async function getProgramme(db: DbOrTx, chamberId: number, year: number): Promise<MentoringProgramme> {
  const row = await db.selectFrom('mentoring_programme').select(['expense_cap_cents', 'updated_at'])
    .where('chamber_id', '=', chamberId).where('year', '=', year).executeTakeFirst()
  return row
    ? { chamberId, year, expenseCapCents: Number(row.expense_cap_cents), saved: true, updatedAt: row.updated_at.toISOString() }
    : { chamberId, year, expenseCapCents: DEFAULT_MENTOR_EXPENSE_CAP_CENTS, saved: false, updatedAt: null }
}

export async function saveProgramme(db: DbOrTx, chamberId: number, year: number, capCents: number, ctx: AuditContext): Promise<MentoringProgramme> {
  return db.transaction().execute(async (tx) => {
    const before = await getProgramme(tx, chamberId, year)
    await tx.insertInto('mentoring_programme').values({ chamber_id: chamberId, year, expense_cap_cents: capCents, updated_by: ctx.actorId })
      .onConflict((oc) => oc.columns(['chamber_id', 'year']).doUpdateSet({ expense_cap_cents: capCents, updated_by: ctx.actorId, updated_at: sql`now()` }))
      .execute()
    await audit(tx, ctx, { chamberId, action: 'mentoring.programme.updated', entity: 'mentoring_programme', entityId: `${chamberId}:${year}`,
      before: { expenseCapCents: before.expenseCapCents }, after: { year, expenseCapCents: capCents } })
    return getProgramme(tx, chamberId, year)
  })
}

const yearKey = (mentorId: number, year: number) => `${mentorId}:${year}`

/**
 * Mentors' years: approved, still claimed, the cap (the year's row once something was approved,
 * else the programme of the mentor's home chamber) and the room. Four queries however many years.
 */
export async function yearTotalsOf(db: DbOrTx, keys: readonly { mentorId: number; year: number }[]): Promise<Map<string, ExpenseYearTotals>> {
  const out = new Map<string, ExpenseYearTotals>()
  if (keys.length === 0) return out
  const mentorIds = [...new Set(keys.map((k) => k.mentorId))]
  const years = [...new Set(keys.map((k) => k.year))]
  const [mentors, rows, claimed] = await Promise.all([
    db.selectFrom('mentor').select(['id', 'chamber_id']).where('id', 'in', mentorIds).execute(),
    db.selectFrom('mentor_expense_year').select(['mentor_id', 'year', 'approved_cents'])
      .where('mentor_id', 'in', mentorIds).where('year', 'in', years).execute(),
    db.selectFrom('mentor_expense').select(['mentor_id', 'year', (e) => e.fn.sum<string>('amount_cents').as('s')])
      .where('mentor_id', 'in', mentorIds).where('year', 'in', years).where('status', '=', 'claimed').groupBy(['mentor_id', 'year']).execute(),
  ])
  const homeOf = new Map(mentors.map((m) => [m.id, m.chamber_id]))
  const programmes = await db.selectFrom('mentoring_programme').select(['chamber_id', 'year', 'expense_cap_cents'])
    .where('chamber_id', 'in', [...new Set(mentors.map((m) => m.chamber_id))]).where('year', 'in', years).execute()
  const capOf = new Map(programmes.map((p) => [`${p.chamber_id}:${p.year}`, Number(p.expense_cap_cents)]))
  const approvedOf = new Map(rows.map((r) => [yearKey(r.mentor_id, r.year), Number(r.approved_cents)]))
  const claimedOf = new Map(claimed.map((c) => [yearKey(c.mentor_id, c.year), Number(c.s)]))
  for (const { mentorId, year } of keys) {
    const key = yearKey(mentorId, year)
    const approved = approvedOf.get(key) ?? 0
    const cap = Math.max(capOf.get(`${homeOf.get(mentorId)}:${year}`) ?? DEFAULT_MENTOR_EXPENSE_CAP_CENTS, approved)
    out.set(key, { year, approvedCents: approved, claimedCents: claimedOf.get(key) ?? 0, capCents: cap, roomCents: Math.max(0, cap - approved) })
  }
  return out
}

/** One mentor's year (as yearTotalsOf). */
export async function yearTotals(db: DbOrTx, mentorId: number, year: number): Promise<ExpenseYearTotals> {
  return (await yearTotalsOf(db, [{ mentorId, year }])).get(yearKey(mentorId, year))!
}

type Scope = { mentorId: number } | { chamberId: number }

async function listExpenses(db: DbOrTx, crm: CrmService, scope: Scope, filter: { status?: string; year?: number; id?: number }): Promise<MentorExpense[]> {
  let q = db.selectFrom('mentor_expense as e')
    .innerJoin('mentor as m', 'm.id', 'e.mentor_id')
    .innerJoin('chamber as c', 'c.id', 'e.chamber_id')
    .leftJoin('mentoring_match as mm', 'mm.id', 'e.match_id')
    .select(['e.id', 'e.mentor_id', 'm.full_name', 'm.chamber_id as home_chamber_id', 'e.chamber_id', 'c.name as chamber_name', 'e.match_id', 'mm.firm_id',
      'e.year', 'e.spent_on', 'e.category', 'e.description', 'e.amount_cents', 'e.status', 'e.decided_at', 'e.reject_reason', 'e.created_at'])
  q = 'mentorId' in scope ? q.where('e.mentor_id', '=', scope.mentorId) : q.where('e.chamber_id', '=', scope.chamberId)
  if (filter.status) q = q.where('e.status', '=', filter.status)
  if (filter.year) q = q.where('e.year', '=', filter.year)
  if (filter.id) q = q.where('e.id', '=', filter.id)
  const rows = await q.orderBy('e.spent_on', 'desc').orderBy('e.id', 'desc').limit(1000).execute()
  if (rows.length === 0) return []
  const receipts = await db.selectFrom('mentor_expense_receipt as r').innerJoin('stored_file as s', 's.id', 'r.file_id')
    .select(['r.id', 'r.expense_id', 's.file_name', 's.media_type', 's.size_bytes'])
    .where('r.expense_id', 'in', rows.map((r) => r.id)).orderBy('r.id').execute()
  // The firms' names come from the CRM: mentoring does not read its tables.
  const firmIds = [...new Set(rows.flatMap((r) => (r.firm_id === null ? [] : [r.firm_id])))]
  const firmNames = new Map((await crm.firmCards(db, firmIds)).map((f) => [f.id, f.name]))
  const totals = await yearTotalsOf(db, rows.map((r) => ({ mentorId: r.mentor_id, year: r.year })))
  return rows.map((r) => ({
    id: r.id, mentorId: r.mentor_id, mentorName: r.full_name, chamberId: r.chamber_id, chamberName: r.chamber_name,
    matchId: r.match_id, firmName: r.firm_id === null ? null : firmNames.get(r.firm_id) ?? null, year: r.year, spentOn: r.spent_on, category: r.category as MentorExpense['category'],
    description: r.description, amountCents: Number(r.amount_cents), status: r.status as MentorExpense['status'],
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null, rejectReason: r.reject_reason, createdAt: r.created_at.toISOString(),
    receipts: receipts.filter((x) => x.expense_id === r.id).map((x) => ({ id: x.id, fileName: x.file_name, mediaType: x.media_type, sizeBytes: Number(x.size_bytes) })),
    roomCents: totals.get(yearKey(r.mentor_id, r.year))!.roomCents,
  }))
}

/** The receipts' bytes from the claim's body, each checked by its content (PDF, JPEG, PNG) and its size. */
function decodeReceipts(receipts: ExpenseClaimBody['receipts']): { content: Buffer; mediaType: string; fileName: string }[] {
  if (receipts.length === 0) {
    throw badRequest('a claim needs at least one receipt', [fieldProblem('/receipts', 'required', 'at least one receipt')], 'mentor_expense_receipt_required')
  }
  return receipts.map((r, i) => {
    const text = r.contentBase64.replace(/\s/g, '')
    if (text.length % 4 !== 0 || !BASE64.test(text)) throw badRequest('the receipt is not base64', [fieldProblem(`/receipts/${i}/contentBase64`, 'base64', 'not base64')])
    const content = Buffer.from(text, 'base64')
    if (content.length === 0) throw badRequest('the receipt is empty', [fieldProblem(`/receipts/${i}/contentBase64`, 'empty', 'empty file')], 'file_empty')
    if (content.length > EXPENSE_RECEIPT_MAX_BYTES) throw new HttpError(413, 'payload_too_large', `a receipt is at most ${EXPENSE_RECEIPT_MAX_BYTES} bytes`)
    const mediaType = sniffMediaType(content)
    if (!mediaType || !(EXPENSE_RECEIPT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw new HttpError(415, 'unsupported_media_type', `receipt ${i + 1} is not a PDF, JPEG or PNG file`,
        [fieldProblem(`/receipts/${i}`, 'media_type', 'PDF, JPEG or PNG')])
    }
    return { content, mediaType, fileName: r.fileName }
  })
}

/** What the service works with: the app gives its own; the demo seed gives the same kinds. */
export interface ExpensesDeps { db: Db; budget: BudgetService; storage: Storage; crm: CrmService }

export class ExpensesService {
  private readonly app: ExpensesDeps
  constructor(app: ExpensesDeps) {
    this.app = app
  }

  async mine(mentorId: number, year: number): Promise<MyExpenses> {
    const db = this.app.db
    const matches = await db.selectFrom('mentoring_match as mm').innerJoin('chamber as c', 'c.id', 'mm.chamber_id')
      .select(['mm.id', 'mm.firm_id', 'c.name as chamber_name'])
      .where('mm.mentor_id', '=', mentorId).where('mm.status', 'in', ['accepted', 'closed']).orderBy('mm.id', 'desc').execute()
    const names = new Map((await this.app.crm.firmCards(db, [...new Set(matches.map((m) => m.firm_id))])).map((f) => [f.id, f.name]))
    return {
      items: await listExpenses(db, this.app.crm, { mentorId }, { year }),
      totals: await yearTotals(db, mentorId, year),
      matches: matches.map((m) => ({ id: m.id, firmName: names.get(m.firm_id) ?? '', chamberName: m.chamber_name })),
    }
  }

  async claim(mentorId: number, body: ExpenseClaimBody, ctx: AuditContext): Promise<MentorExpense> {
    const files = decodeReceipts(body.receipts)
    const year = Number(body.spentOn.slice(0, 4))
    const description = body.description.trim()
    if (!description) throw badRequest('describe the expense', [fieldProblem('/description', 'required', 'required')])
    if (year < 2000 || year > 2100) throw badRequest('the date is out of range', [fieldProblem('/spentOn', 'range', 'out of range')])
    const db = this.app.db
    const id = await db.transaction().execute(async (tx) => {
      const mentor = await tx.selectFrom('mentor').select(['id', 'chamber_id']).where('id', '=', mentorId).executeTakeFirstOrThrow()
      let chamberId = mentor.chamber_id
      if (body.matchId != null) {
        const match = await tx.selectFrom('mentoring_match').select(['chamber_id', 'status'])
          .where('id', '=', body.matchId).where('mentor_id', '=', mentorId).executeTakeFirst()
        if (!match || !['accepted', 'closed'].includes(match.status)) {
          throw badRequest('the expense names a match that is not one of yours', [fieldProblem('/matchId', 'invalid', 'not one of your matches')])
        }
        chamberId = match.chamber_id
      }
      const row = await tx.insertInto('mentor_expense').values({
        mentor_id: mentorId, chamber_id: chamberId, match_id: body.matchId ?? null, year, spent_on: body.spentOn,
        category: body.category, description, amount_cents: body.amountCents,
      }).returning('id').executeTakeFirstOrThrow()
      const stored = []
      for (const f of files) {
        const file = await this.app.storage.put(tx, f)
        await tx.insertInto('mentor_expense_receipt').values({ expense_id: row.id, file_id: file.id }).execute()
        stored.push({ fileName: f.fileName, mediaType: f.mediaType, sizeBytes: f.content.length, sha256: file.sha256 })
      }
      await audit(tx, ctx, { chamberId, action: 'mentoring.expense.claimed', entity: 'mentor_expense', entityId: row.id,
        after: { mentorId, year, spentOn: body.spentOn, category: body.category, amountCents: body.amountCents, matchId: body.matchId ?? null, receipts: stored } })
      return row.id
    })
    return (await listExpenses(db, this.app.crm, { mentorId }, { id }))[0]!
  }

  async own(mentorId: number, expenseId: number): Promise<MentorExpense> {
    const e = (await listExpenses(this.app.db, this.app.crm, { mentorId }, { id: expenseId }))[0]
    if (!e) throw notFound('expense')
    return e
  }

  async ofChamber(chamberId: number, expenseId: number): Promise<MentorExpense> {
    const e = (await listExpenses(this.app.db, this.app.crm, { chamberId }, { id: expenseId }))[0]
    if (!e) throw notFound('expense')
    return e
  }

  async chamberList(chamberId: number, filter: { status?: string; year?: number }): Promise<ChamberExpenses> {
    const year = filter.year ?? new Date().getFullYear()
    const items = await listExpenses(this.app.db, this.app.crm, { chamberId }, filter)
    return { items, year, budgetLine: await this.budgetLine(chamberId, year) }
  }

  async list(scope: Scope, filter: { status?: string; year?: number }): Promise<MentorExpense[]> {
    return listExpenses(this.app.db, this.app.crm, scope, filter)
  }

  async budgetLine(chamberId: number, year: number): Promise<ChamberExpenses['budgetLine']> {
    const line = (await this.app.budget.lines(this.app.db, [chamberId], year, 'mentoring')).get(chamberId)
    return line ? { year, ...line } : null
  }

  /** A receipt's bytes, when the receipt belongs to an expense in the scope (the mentor's own, or the paying chamber's). */
  async receipt(scope: Scope, expenseId: number, receiptId: number) {
    let q = this.app.db.selectFrom('mentor_expense_receipt as r').innerJoin('mentor_expense as e', 'e.id', 'r.expense_id')
      .select('r.file_id').where('r.id', '=', receiptId).where('e.id', '=', expenseId)
    q = 'mentorId' in scope ? q.where('e.mentor_id', '=', scope.mentorId) : q.where('e.chamber_id', '=', scope.chamberId)
    const row = await q.executeTakeFirst()
    if (!row) throw notFound('receipt')
    return this.app.storage.get(this.app.db, row.file_id)
  }

  async approve(chamberId: number, expenseId: number, ctx: AuditContext): Promise<MentorExpense> {
    const db = this.app.db
    await db.transaction().execute(async (tx) => {
      const e = await tx.selectFrom('mentor_expense as e').innerJoin('mentor as m', 'm.id', 'e.mentor_id')
        .select(['e.id', 'e.mentor_id', 'e.year', 'e.amount_cents', 'e.description', 'e.status', 'm.chamber_id as home_chamber_id', 'm.full_name'])
        .where('e.id', '=', expenseId).where('e.chamber_id', '=', chamberId).executeTakeFirst()
      if (!e) throw notFound('expense')
      const amount = Number(e.amount_cents)
      // The claim's conditional change first: a second approval of the same claim waits on its row, then finds it decided.
      const flipped = await tx.updateTable('mentor_expense').set({ status: 'approved', decided_by: ctx.actorId, decided_at: sql`now()` })
        .where('id', '=', e.id).where('status', '=', 'claimed').returning('id').executeTakeFirst()
      if (!flipped) throw conflict('the expense was already decided', 'mentor_expense_decided')
      const cap = await programmeCap(tx, e.home_chamber_id, e.year)
      await tx.insertInto('mentor_expense_year').values({ mentor_id: e.mentor_id, year: e.year, cap_cents: cap })
        .onConflict((oc) => oc.columns(['mentor_id', 'year'])
          .doUpdateSet({ cap_cents: sql`greatest(excluded.cap_cents, mentor_expense_year.approved_cents)` }))
        .execute()
      const added = await tx.updateTable('mentor_expense_year').set({ approved_cents: sql`approved_cents + ${amount}` })
        .where('mentor_id', '=', e.mentor_id).where('year', '=', e.year)
        .where(sql<boolean>`approved_cents + ${amount} <= cap_cents`).returning('approved_cents').executeTakeFirst()
      if (!added) {
        const y = await tx.selectFrom('mentor_expense_year').select(['cap_cents', 'approved_cents'])
          .where('mentor_id', '=', e.mentor_id).where('year', '=', e.year).executeTakeFirstOrThrow()
        const available = Math.max(0, Number(y.cap_cents) - Number(y.approved_cents))
        throw conflict(`the mentor's ${e.year} cap leaves ${available} cents, ${amount} needed`, 'mentor_expense_cap_exceeded',
          { availableCents: available, neededCents: amount, year: e.year })
      }
      await this.app.budget.spend(tx, ctx, {
        chamberId, year: e.year, category: 'mentoring', amountCents: amount, source: { module: 'mentoring', ref: `expense:${e.id}` },
        description: `Rimborso spese mentor ${e.full_name}: ${e.description}`.slice(0, 300), fromCommitment: false,
      })
      await audit(tx, ctx, { chamberId, action: 'mentoring.expense.approved', entity: 'mentor_expense', entityId: e.id,
        before: { status: 'claimed' }, after: { status: 'approved', amountCents: amount, year: e.year, approvedTotalCents: Number(added.approved_cents) } })
    })
    return this.ofChamber(chamberId, expenseId)
  }

  async reject(chamberId: number, expenseId: number, reason: string, ctx: AuditContext): Promise<MentorExpense> {
    const text = reason.trim()
    if (text.length < 3) throw badRequest('give the reason', [fieldProblem('/reason', 'required', 'required')])
    await this.app.db.transaction().execute(async (tx) => {
      const e = await tx.selectFrom('mentor_expense').select(['id', 'status']).where('id', '=', expenseId).where('chamber_id', '=', chamberId).executeTakeFirst()
      if (!e) throw notFound('expense')
      const done = await tx.updateTable('mentor_expense').set({ status: 'rejected', reject_reason: text, decided_by: ctx.actorId, decided_at: sql`now()` })
        .where('id', '=', e.id).where('status', '=', 'claimed').returning('id').executeTakeFirst()
      if (!done) throw conflict('the expense was already decided', 'mentor_expense_decided')
      await audit(tx, ctx, { chamberId, action: 'mentoring.expense.rejected', entity: 'mentor_expense', entityId: e.id,
        before: { status: 'claimed' }, after: { status: 'rejected', reason: text } })
    })
    return this.ofChamber(chamberId, expenseId)
  }
}
