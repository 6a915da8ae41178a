import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, HttpError } from '../../core/errors.ts'
import { centsToDecimal } from '@pid/shared'
import { amountsOf, totalsOf } from './figures.ts'

/** Money posted on a plan line by a module (vouchers, mentoring, events) or by staff. */
export interface BudgetPosting {
  chamberId: number
  /** plan year the money belongs to */
  year: number
  /** plan line category code; 'vouchers' is the voucher line */
  category: string
  /** positive integer */
  amountCents: number
  /** who posts and what for, e.g. { module: 'vouchers', ref: 'call:12' } */
  source: { module: string; ref: string }
  description: string
  /** day the posting counts on for the burn chart; default today (Europe/Rome), kept inside the plan year */
  bookedOn?: string
}

/** A chamber's whole plan of a year, as other modules may read it (the yearly report). */
export interface YearBudget { plannedCents: number; committedCents: number; spentCents: number; voucherCents: number; voucherSharePm: number }

/** A plan line's money, as other modules may read it. */
export interface LineFigures { plannedCents: number; committedCents: number; spentCents: number }

interface LineRef { id: number; plannedCents: number; committedCents: number; spentCents: number }

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })

/** A posting's day, clamped into its plan year: money of 2017 booked today still counts on 2017-12-31. */
export function bookingDay(year: number, bookedOn?: string): string {
  const day = bookedOn ?? ROME_DAY.format(new Date())
  if (day < `${year}-01-01`) return `${year}-01-01`
  if (day > `${year}-12-31`) return `${year}-12-31`
  return day
}

function checkPosting(p: BudgetPosting): void {
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw badRequest('amountCents must be a positive integer')
  if (!p.source.module || !p.source.ref) throw badRequest('a posting names its source module and reference')
}

/** Runs fn in the caller's transaction, or in a new one when given the pool. */
async function inTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Tx) : db.transaction().execute(fn)
}

async function findLine(db: DbOrTx, chamberId: number, year: number, category: string): Promise<LineRef | undefined> {
  return db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
    .select(['l.id', 'l.planned_cents as plannedCents', 'l.committed_cents as committedCents', 'l.spent_cents as spentCents'])
    .where('p.chamber_id', '=', chamberId).where('p.year', '=', year).where('l.category', '=', category)
    .executeTakeFirst()
}

const availableOf = (l: LineRef) => l.plannedCents - l.committedCents - l.spentCents

function exceeded(p: BudgetPosting, available: number, needed: number, line: boolean): HttpError {
  const what = `line '${p.category}' of the ${p.year} plan`
  return new HttpError(409, 'budget_exceeded',
    line ? `${what} has ${centsToDecimal(available)} EUR available, ${centsToDecimal(needed)} EUR needed`
      : `the chamber's ${p.year} plan has no line '${p.category}'`,
    [{ path: '/amountCents', message: `available: ${available}`, code: 'available', params: { availableCents: available } }],
    { params: line ? { availableCents: available, neededCents: needed, category: p.category, year: p.year } : { availableCents: 0, category: p.category, year: p.year } })
}

/**
 * The one interface through which money moves on a plan: other modules commit (a voucher call's
 * envelope), release (what a call no longer needs) and spend (payments, mentor expenses, events);
 * staff costs come through here as well. The line's running totals and the ledger are written
 * together in the caller's transaction. Over-commitment is impossible by construction: every
 * increase is a conditional UPDATE (enough available, or no row changes) backed by the line's
 * CHECK (committed + spent <= planned), so concurrent commits serialize on the line's row.
 */
export class BudgetService {
  /** planned - committed - spent, in cents, for that line of that chamber's plan (0 when there is none) */
  async available(db: DbOrTx, chamberId: number, year: number, category: string): Promise<number> {
    const line = await findLine(db, chamberId, year, category)
    return line ? availableOf(line) : 0
  }

  /** One category's line in each of those chambers' plans of the year: planned, committed, spent (chambers without it are absent). */
  async lines(db: DbOrTx, chamberIds: readonly number[], year: number, category: string): Promise<Map<number, LineFigures>> {
    if (chamberIds.length === 0) return new Map()
    const rows = await db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
      .select(['p.chamber_id', 'l.planned_cents', 'l.committed_cents', 'l.spent_cents'])
      .where('p.chamber_id', 'in', [...chamberIds]).where('p.year', '=', year).where('l.category', '=', category).execute()
    return new Map(rows.map((r) => [r.chamber_id, { plannedCents: r.planned_cents, committedCents: r.committed_cents, spentCents: r.spent_cents }]))
  }

  /** Each of those chambers' plan of the year, totalled: planned, committed, spent, the voucher line and its share (chambers without a plan are absent). */
  async yearTotals(db: DbOrTx, chamberIds: readonly number[], year: number): Promise<Map<number, YearBudget>> {
    if (chamberIds.length === 0) return new Map()
    const rows = await db.selectFrom('budget_line as l').innerJoin('budget_plan as p', 'p.id', 'l.plan_id')
      .selectAll('l').select('p.chamber_id as plan_chamber_id')
      .where('p.chamber_id', 'in', [...chamberIds]).where('p.year', '=', year).orderBy('l.position').execute()
    const byChamber = new Map<number, typeof rows>()
    for (const r of rows) byChamber.set(r.plan_chamber_id, [...(byChamber.get(r.plan_chamber_id) ?? []), r])
    return new Map([...byChamber].map(([id, lines]) => {
      const t = totalsOf(lines.map(amountsOf))
      return [id, { plannedCents: t.totalCents, committedCents: t.committedCents, spentCents: t.spentCents, voucherCents: t.voucherCents, voucherSharePm: t.voucherSharePm }]
    }))
  }

  /** Reserves money on the line; 409 'budget_exceeded' (detail: what is available) when it has less. */
  async commit(db: DbOrTx, ctx: AuditContext, p: BudgetPosting): Promise<void> {
    checkPosting(p)
    await inTransaction(db, async (tx) => {
      const line = await findLine(tx, p.chamberId, p.year, p.category)
      if (!line) throw exceeded(p, 0, p.amountCents, false)
      const updated = await tx.updateTable('budget_line')
        .set({ committed_cents: sql`committed_cents + ${p.amountCents}` })
        .where('id', '=', line.id)
        .where(sql<boolean>`planned_cents - committed_cents - spent_cents >= ${p.amountCents}`)
        .returning('id').executeTakeFirst()
      if (!updated) throw exceeded(p, await this.available(tx, p.chamberId, p.year, p.category), p.amountCents, true)
      await tx.insertInto('budget_commitment')
        .values({ line_id: line.id, source_module: p.source.module, source_ref: p.source.ref, outstanding_cents: p.amountCents })
        .onConflict((oc) => oc.columns(['line_id', 'source_module', 'source_ref'])
          .doUpdateSet({ outstanding_cents: sql`budget_commitment.outstanding_cents + excluded.outstanding_cents` }))
        .execute()
      await this.record(tx, ctx, p, line.id, 'commit', p.amountCents, false)
    })
  }

  /** Gives back up to amountCents of what was committed with the same source; returns what was freed. */
  async release(db: DbOrTx, ctx: AuditContext, p: BudgetPosting): Promise<number> {
    checkPosting(p)
    return inTransaction(db, async (tx) => {
      const line = await findLine(tx, p.chamberId, p.year, p.category)
      if (!line) return 0
      const freed = await this.consumeCommitment(tx, line.id, p, p.amountCents)
      if (freed === 0) return 0
      await tx.updateTable('budget_line').set({ committed_cents: sql`committed_cents - ${freed}` }).where('id', '=', line.id).execute()
      await this.record(tx, ctx, p, line.id, 'release', freed, false)
      return freed
    })
  }

  /**
   * Records spending. With fromCommitment, the outstanding commitment of the same source is
   * consumed first and only the rest needs uncommitted money; 409 'budget_exceeded' otherwise.
   */
  async spend(db: DbOrTx, ctx: AuditContext, p: BudgetPosting & { fromCommitment: boolean }): Promise<void> {
    checkPosting(p)
    await inTransaction(db, async (tx) => {
      const line = await findLine(tx, p.chamberId, p.year, p.category)
      if (!line) throw exceeded(p, 0, p.amountCents, false)
      // Lock the commitment first so the line update below can fail without having changed anything.
      const outstanding = p.fromCommitment ? await this.outstanding(tx, line.id, p, true) : 0
      const consumed = Math.min(outstanding, p.amountCents)
      const direct = p.amountCents - consumed
      const updated = await tx.updateTable('budget_line')
        .set({ committed_cents: sql`committed_cents - ${consumed}`, spent_cents: sql`spent_cents + ${p.amountCents}` })
        .where('id', '=', line.id)
        .where(sql<boolean>`planned_cents - committed_cents - spent_cents >= ${direct}`)
        .returning('id').executeTakeFirst()
      if (!updated) throw exceeded(p, await this.available(tx, p.chamberId, p.year, p.category), direct, true)
      if (consumed > 0) {
        await this.consumeCommitment(tx, line.id, p, consumed)
        await this.record(tx, ctx, p, line.id, 'spend', consumed, true)
      }
      if (direct > 0) await this.record(tx, ctx, p, line.id, 'spend', direct, false)
    })
  }

  private async outstanding(tx: Tx, lineId: number, p: BudgetPosting, lock: boolean): Promise<number> {
    let q = tx.selectFrom('budget_commitment').select('outstanding_cents')
      .where('line_id', '=', lineId).where('source_module', '=', p.source.module).where('source_ref', '=', p.source.ref)
    if (lock) q = q.forUpdate()
    return (await q.executeTakeFirst())?.outstanding_cents ?? 0
  }

  /** Takes up to `amount` off the source's outstanding commitment (row-locked); returns what it took. */
  private async consumeCommitment(tx: Tx, lineId: number, p: BudgetPosting, amount: number): Promise<number> {
    const taken = Math.min(await this.outstanding(tx, lineId, p, true), amount)
    if (taken > 0) {
      await tx.updateTable('budget_commitment').set({ outstanding_cents: sql`outstanding_cents - ${taken}` })
        .where('line_id', '=', lineId).where('source_module', '=', p.source.module).where('source_ref', '=', p.source.ref)
        .execute()
    }
    return taken
  }

  private async record(tx: Tx, ctx: AuditContext, p: BudgetPosting, lineId: number, kind: 'commit' | 'release' | 'spend',
    amount: number, fromCommitment: boolean): Promise<void> {
    const { id } = await tx.insertInto('budget_posting').values({
      line_id: lineId, chamber_id: p.chamberId, kind, amount_cents: amount, from_commitment: fromCommitment,
      source_module: p.source.module, source_ref: p.source.ref, description: p.description,
      booked_on: bookingDay(p.year, p.bookedOn), created_by: ctx.actorId,
    }).returning('id').executeTakeFirstOrThrow()
    await audit(tx, ctx, {
      chamberId: p.chamberId, action: `budget.${kind}`, entity: 'budget_line', entityId: lineId,
      after: { postingId: id, year: p.year, category: p.category, amountCents: amount, fromCommitment, source: p.source },
    })
  }
}
