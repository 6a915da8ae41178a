import { sql, type Selectable } from 'kysely'
import {
  programmeViolation, VOUCHER_CATEGORY, worsens, yearViolations,
  type Reallocation, type ReallocationBody, type Violation,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { BudgetLineTable, BudgetPlanTable } from './tables.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import { amountsOf, thresholdsOf } from './figures.ts'
import { findPlanRow, lineRows, planViolations, programmeRow, programmeYears } from './plans.queries.ts'
import { Service } from '../../core/service.ts'

type Line = Selectable<BudgetLineTable>
type PlanRow = Selectable<BudgetPlanTable>

/** The rules a move of `amount` from one line to another would break, or break further. */
async function moveViolations(db: DbOrTx, plan: PlanRow, rows: Line[], fromId: number, toId: number, amount: number): Promise<Violation[]> {
  const before = await planViolations(db, plan, rows)
  const moved = rows.map((r) => (r.id === fromId ? { ...r, planned_cents: r.planned_cents - amount }
    : r.id === toId ? { ...r, planned_cents: r.planned_cents + amount } : r))
  const programme = (await programmeRow(db, plan.programme_id))!
  const t = thresholdsOf(programme)
  const voucherDelta = moved.filter((r) => r.category === VOUCHER_CATEGORY).reduce((s, r) => s + r.planned_cents, 0)
    - rows.filter((r) => r.category === VOUCHER_CATEGORY).reduce((s, r) => s + r.planned_cents, 0)
  const years = (await programmeYears(db, [plan.chamber_id], plan.programme_id))
    .map((y) => (y.year === plan.year ? { ...y, voucherCents: y.voucherCents + voucherDelta } : y))
  const pv = programmeViolation(years, programme.last_year - programme.first_year + 1, t.voucherShareMinProgrammePm)
  const after = [...yearViolations(moved.map(amountsOf), t, plan.year, plan.baseline_total_cents), ...(pv ? [pv] : [])]
  return worsens(before, after)
}

const reallocationQuery = (db: DbOrTx) => db.selectFrom('budget_reallocation as r')
  .innerJoin('budget_line as f', 'f.id', 'r.from_line_id').innerJoin('budget_line as t', 't.id', 'r.to_line_id')
  .leftJoin('app_user as pu', 'pu.id', 'r.proposed_by').leftJoin('app_user as du', 'du.id', 'r.decided_by')
  .select(['r.id', 'r.plan_id', 'r.from_line_id', 'r.to_line_id', 'r.amount_cents', 'r.reason', 'r.status', 'r.proposed_at',
    'r.decided_at', 'r.decision_note', 'f.category as from_category', 'f.label as from_label', 't.category as to_category',
    't.label as to_label', 'pu.id as proposer_id', 'pu.name as proposer_name', 'du.id as decider_id', 'du.name as decider_name'])

type Row = Awaited<ReturnType<ReturnType<typeof reallocationQuery>['executeTakeFirstOrThrow']>>

function toDto(r: Row, violations: Violation[]): Reallocation {
  return {
    id: r.id, fromCategory: r.from_category, fromLabel: r.from_label, toCategory: r.to_category, toLabel: r.to_label,
    amountCents: r.amount_cents, reason: r.reason, status: r.status,
    proposedBy: r.proposer_id ? { id: r.proposer_id, name: r.proposer_name! } : null, proposedAt: r.proposed_at.toISOString(),
    decidedBy: r.decider_id ? { id: r.decider_id, name: r.decider_name! } : null, decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note, violations,
  }
}

/**
 * Reallocations between lines of a plan: a coordinator proposes with a reason, the digital leader
 * approves. Approval re-checks the rules on the plan as it is at that moment, under a lock on all
 * of the chamber's plans of the programme, so two approvals at once are checked one after the
 * other and together can never break a rule that each alone would keep.
 */
export class ReallocationsService extends Service<{ db: Db }> {
  async list(chamberId: number, year: number): Promise<Reallocation[]> {
    const plan = await findPlanRow(this.deps.db, chamberId, year)
    const rows = await reallocationQuery(this.deps.db).where('r.plan_id', '=', plan.id).orderBy('r.id', 'desc').execute()
    const lines = await lineRows(this.deps.db, plan.id)
    return Promise.all(rows.map(async (r) => toDto(r, r.status === 'proposed'
      ? await moveViolations(this.deps.db, plan, lines, r.from_line_id, r.to_line_id, r.amount_cents) : [])))
  }

  async propose(chamberId: number, year: number, body: ReallocationBody, ctx: AuditContext): Promise<Reallocation> {
    if (body.fromCategory === body.toCategory) throw badRequest('a reallocation moves money between two different lines', [{ path: '/toCategory', message: 'same as fromCategory' }])
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year)
      const lines = await lineRows(tx, plan.id)
      const from = lines.find((l) => l.category === body.fromCategory)
      const to = lines.find((l) => l.category === body.toCategory)
      if (!from) throw badRequest('no such line', [{ path: '/fromCategory', message: 'not a line of the plan' }])
      if (!to) throw badRequest('no such line', [{ path: '/toCategory', message: 'not a line of the plan' }])
      const { id } = await tx.insertInto('budget_reallocation').values({
        plan_id: plan.id, chamber_id: chamberId, from_line_id: from.id, to_line_id: to.id, amount_cents: body.amountCents,
        reason: body.reason, proposed_by: ctx.actorId,
      }).returning('id').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'budget.reallocation.proposed', entity: 'budget_reallocation', entityId: id, after: body })
      const row = await reallocationQuery(tx).where('r.id', '=', id).executeTakeFirstOrThrow()
      return toDto(row, await moveViolations(tx, plan, lines, from.id, to.id, body.amountCents))
    })
  }

  async approve(chamberId: number, year: number, id: number, note: string | undefined, ctx: AuditContext): Promise<Reallocation> {
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await this.lockProgramme(tx, chamberId, year)
      const r = await this.proposal(tx, plan.id, id)
      const lines = await lineRows(tx, plan.id)
      const broken = await moveViolations(tx, plan, lines, r.from_line_id, r.to_line_id, r.amount_cents)
      if (broken.length > 0) {
        throw new HttpError(422, 'budget_rules_violated', `approving would break ${broken.map((v) => v.rule).join(', ')}: nothing was changed`,
          broken.map((v) => ({ path: `/rules/${v.rule}`, message: v.message })))
      }
      // Money already committed or spent cannot move: the UPDATE only matches while enough is available.
      const taken = await tx.updateTable('budget_line')
        .set({ adjustment_cents: sql`adjustment_cents - ${r.amount_cents}`, planned_cents: sql`planned_cents - ${r.amount_cents}` })
        .where('id', '=', r.from_line_id).where(sql<boolean>`planned_cents - committed_cents - spent_cents >= ${r.amount_cents}`)
        .returning('id').executeTakeFirst()
      if (!taken) {
        const from = lines.find((l) => l.id === r.from_line_id)!
        throw new HttpError(409, 'budget_exceeded', `line '${from.category}' has only ${from.planned_cents - from.committed_cents - from.spent_cents} cents not committed or spent`)
      }
      await tx.updateTable('budget_line')
        .set({ adjustment_cents: sql`adjustment_cents + ${r.amount_cents}`, planned_cents: sql`planned_cents + ${r.amount_cents}` })
        .where('id', '=', r.to_line_id).execute()
      await this.decide(tx, r.id, 'approved', note, ctx)
      await audit(tx, ctx, { chamberId, action: 'budget.reallocation.approved', entity: 'budget_reallocation', entityId: r.id,
        before: { status: 'proposed' }, after: { status: 'approved', fromLineId: r.from_line_id, toLineId: r.to_line_id, amountCents: r.amount_cents, note } })
      return toDto(await reallocationQuery(tx).where('r.id', '=', r.id).executeTakeFirstOrThrow(), [])
    })
  }

  async reject(chamberId: number, year: number, id: number, note: string | undefined, ctx: AuditContext): Promise<Reallocation> {
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year)
      const r = await this.proposal(tx, plan.id, id)
      await this.decide(tx, r.id, 'rejected', note, ctx)
      await audit(tx, ctx, { chamberId, action: 'budget.reallocation.rejected', entity: 'budget_reallocation', entityId: r.id,
        before: { status: 'proposed' }, after: { status: 'rejected', note } })
      return toDto(await reallocationQuery(tx).where('r.id', '=', r.id).executeTakeFirstOrThrow(), [])
    })
  }

  /** Locks every plan of the chamber in the plan's programme (in year order, so lockers never deadlock). */
  private async lockProgramme(tx: DbOrTx, chamberId: number, year: number): Promise<PlanRow> {
    const plan = await findPlanRow(tx, chamberId, year)
    const locked = await tx.selectFrom('budget_plan').selectAll().where('chamber_id', '=', chamberId)
      .where('programme_id', '=', plan.programme_id).orderBy('year').forUpdate().execute()
    return locked.find((p) => p.id === plan.id)!
  }

  private async proposal(tx: DbOrTx, planId: number, id: number) {
    const r = await tx.selectFrom('budget_reallocation').selectAll().where('id', '=', id).where('plan_id', '=', planId).forUpdate().executeTakeFirst()
    if (!r) throw notFound('reallocation')
    if (r.status !== 'proposed') throw conflict(`the reallocation is already ${r.status}`)
    return r
  }

  private async decide(tx: DbOrTx, id: number, status: 'approved' | 'rejected', note: string | undefined, ctx: AuditContext) {
    await tx.updateTable('budget_reallocation')
      .set({ status, decided_by: ctx.actorId, decided_at: sql`now()`, decision_note: note ?? null }).where('id', '=', id).execute()
  }
}
