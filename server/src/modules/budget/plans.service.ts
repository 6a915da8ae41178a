import { sql } from 'kysely'
import {
  formulaCents, parseQuantity, reconcile, VOUCHER_CATEGORY, yearViolations,
  type DifferenceDto, type ImportBody, type LineInput, type LinePatch, type Plan, type PlanBody, type PlanCheck, type StatedFigures,
} from '@pid/shared'
import type { Db, DbOrTx } from '../../db/database.ts'
import { audit, type AuditContext } from '../../core/audit.ts'
import { badRequest, conflict, HttpError, notFound } from '../../core/errors.ts'
import { amountsOf, thresholdsOf, totalsOf } from './figures.ts'
import { insertPlan, plannedOf, type LineDraft } from './plans.repository.ts'
import { findPlanRow, lineRows, loadPlan, programmeRow } from './plans.queries.ts'
import { parsePlanFile } from './plan-file.ts'
import { Service } from '../../core/service.ts'

/** A line's drivers from the API; an amount line carries only its amount (extraCents). */
export function draftOf(input: LineInput, path: string): LineDraft {
  const quantityMilli = input.quantity === undefined ? 0 : parseQuantity(input.quantity)
  if (quantityMilli === null) throw badRequest('not a quantity', [{ path: `${path}/quantity`, message: 'decimal with up to 3 places' }])
  return checkedDraft({
    category: input.category, label: input.label, nature: input.nature, startUp: input.startUp ?? false, formula: input.formula,
    quantityMilli, unitCents: input.unitCents ?? 0, extraCents: input.extraCents ?? 0,
  }, path)
}

function checkedDraft(draft: LineDraft, path: string): LineDraft {
  if (draft.formula === 'amount' && (draft.quantityMilli !== 0 || draft.unitCents !== 0)) {
    throw badRequest('an amount line has no drivers', [{ path: `${path}/formula`, message: 'use extraCents for the amount, or a formula' }])
  }
  try {
    formulaCents(draft)
  } catch {
    throw badRequest('amount too large', [{ path: path || '/', message: 'the drivers give an amount too large' }])
  }
  return draft
}

function draftsOf(lines: readonly LineInput[]): LineDraft[] {
  return unique(lines.map((l, i) => draftOf(l, `/lines/${i}`)))
}

function unique(drafts: LineDraft[]): LineDraft[] {
  const seen = new Set<string>()
  drafts.forEach((d, i) => {
    if (seen.has(d.category)) throw badRequest('a category appears twice', [{ path: `/lines/${i}/category`, message: 'duplicate category' }])
    seen.add(d.category)
  })
  return drafts
}

/** The differences between what a plan document states and what its lines add up to. */
export function checkStated(drafts: readonly LineDraft[], stated: StatedFigures | undefined) {
  const lines = drafts.map((d) => ({ category: d.category, label: d.label, nature: d.nature, plannedCents: plannedOf(d) }))
  return reconcile(lines, stated ?? {})
}

function mismatch(differences: readonly DifferenceDto[]): HttpError {
  return new HttpError(422, 'budget_totals_mismatch',
    `the plan's stated figures do not match its lines (${differences.length} difference${differences.length > 1 ? 's' : ''}): nothing was stored`,
    differences.map((d) => ({ path: `/stated/${d.item}`, message: d.message })))
}

export class PlansService extends Service<{ db: Db }> {
  /** Lines checked against the stated figures and the programme's rules, without storing anything. */
  async check(chamberId: number, body: PlanBody): Promise<PlanCheck> {
    const drafts = draftsOf(body.lines)
    return this.checkDrafts(chamberId, body.programmeId, body.year, drafts, checkStated(drafts, body.stated))
  }

  /** Stores a plan; a plan whose stated totals or shares disagree with its lines is refused (422) with each difference. */
  async create(chamberId: number, body: PlanBody, ctx: AuditContext): Promise<Plan> {
    const drafts = draftsOf(body.lines)
    return this.store(chamberId, body.programmeId, body.year, drafts, checkStated(drafts, body.stated), ctx)
  }

  /** A plan file (the export's layout) checked like a typed plan: amounts against drivers, totals, shares. */
  async importFile(chamberId: number, body: ImportBody, ctx: AuditContext): Promise<Plan> {
    const { drafts, differences } = await this.readFile(body)
    return this.store(chamberId, body.programmeId, body.year, drafts, differences, ctx)
  }

  async checkFile(chamberId: number, body: ImportBody): Promise<PlanCheck> {
    const { drafts, differences } = await this.readFile(body)
    return this.checkDrafts(chamberId, body.programmeId, body.year, drafts, differences)
  }

  private async readFile(body: ImportBody) {
    const file = await parsePlanFile(body.format, body.content)
    const drafts = unique(file.drafts.map((d, i) => checkedDraft(d, `/lines/${i}`)))
    return { drafts, differences: [...file.differences, ...checkStated(drafts, file.stated)] }
  }

  private async checkDrafts(chamberId: number, programmeId: number, year: number, drafts: LineDraft[], differences: DifferenceDto[]): Promise<PlanCheck> {
    const programme = await this.programmeFor(this.deps.db, chamberId, programmeId, year)
    const amounts = drafts.map((d) => ({ ...d, plannedCents: plannedOf(d), committedCents: 0, spentCents: 0 }))
    return { differences, violations: yearViolations(amounts, thresholdsOf(programme), year, null), totals: totalsOf(amounts) }
  }

  private async store(chamberId: number, programmeId: number, year: number, drafts: LineDraft[], differences: DifferenceDto[], ctx: AuditContext): Promise<Plan> {
    if (differences.length > 0) throw mismatch(differences)
    return this.deps.db.transaction().execute(async (tx) => {
      await this.programmeFor(tx, chamberId, programmeId, year)
      const exists = await tx.selectFrom('budget_plan').select('id').where('chamber_id', '=', chamberId).where('year', '=', year).executeTakeFirst()
      if (exists) throw conflict(`the chamber already has a ${year} plan`)
      const id = await insertPlan(tx, chamberId, programmeId, year, drafts)
      await audit(tx, ctx, { chamberId, action: 'budget.plan.created', entity: 'budget_plan', entityId: id, after: { year, lines: drafts } })
      return loadPlan(tx, chamberId, year)
    })
  }

  /** Drivers (or label, nature, start-up flag) of a line change; its amount follows. */
  async updateLine(chamberId: number, year: number, lineId: number, patch: LinePatch, ctx: AuditContext): Promise<Plan> {
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year, true)
      const row = await tx.selectFrom('budget_line').selectAll().where('id', '=', lineId).where('plan_id', '=', plan.id).executeTakeFirst()
      if (!row) throw notFound('budget line')
      const formula = patch.formula ?? row.formula
      // Turning a line into a plain amount drops its drivers; otherwise unchanged drivers stay.
      const clear = patch.formula === 'amount'
      const draft = checkedDraft({
        category: row.category, label: patch.label ?? row.label, nature: patch.nature ?? row.nature,
        startUp: patch.startUp ?? row.start_up, formula,
        quantityMilli: patch.quantity !== undefined ? parseQuantity(patch.quantity)! : clear ? 0 : row.quantity_milli,
        unitCents: patch.unitCents ?? (clear ? 0 : row.unit_cents), extraCents: patch.extraCents ?? row.extra_cents,
      }, '')
      const planned = formulaCents(draft) + row.adjustment_cents
      const updated = await tx.updateTable('budget_line').set({
        label: draft.label, nature: draft.nature, start_up: draft.startUp, formula: draft.formula, quantity_milli: draft.quantityMilli,
        unit_cents: draft.unitCents, extra_cents: draft.extraCents, planned_cents: planned,
      }).where('id', '=', lineId).where(sql<boolean>`committed_cents + spent_cents <= ${planned}`).where(sql<boolean>`${planned} >= 0`)
        .returning('id').executeTakeFirst()
      if (!updated) {
        throw new HttpError(409, 'budget_exceeded', `the line has ${row.committed_cents + row.spent_cents} cents committed or spent: its amount cannot go below that`)
      }
      await tx.updateTable('budget_plan').set({ updated_at: sql`now()` }).where('id', '=', plan.id).execute()
      await audit(tx, ctx, {
        chamberId, action: 'budget.line.updated', entity: 'budget_line', entityId: lineId,
        before: { formula: row.formula, quantityMilli: row.quantity_milli, unitCents: row.unit_cents, extraCents: row.extra_cents, plannedCents: row.planned_cents },
        after: { formula: draft.formula, quantityMilli: draft.quantityMilli, unitCents: draft.unitCents, extraCents: draft.extraCents, plannedCents: planned },
      })
      return loadPlan(tx, chamberId, year)
    })
  }

  async addLine(chamberId: number, year: number, input: LineInput, ctx: AuditContext): Promise<Plan> {
    const draft = draftOf(input, '')
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year, true)
      const rows = await lineRows(tx, plan.id)
      if (rows.some((r) => r.category === draft.category)) throw conflict(`the plan already has a line '${draft.category}'`)
      const { id } = await tx.insertInto('budget_line').values({
        plan_id: plan.id, chamber_id: chamberId, position: rows.length + 1, category: draft.category, label: draft.label,
        nature: draft.nature, start_up: draft.startUp, formula: draft.formula, quantity_milli: draft.quantityMilli,
        unit_cents: draft.unitCents, extra_cents: draft.extraCents, planned_cents: plannedOf(draft),
      }).returning('id').executeTakeFirstOrThrow()
      await audit(tx, ctx, { chamberId, action: 'budget.line.added', entity: 'budget_line', entityId: id, after: draft })
      return loadPlan(tx, chamberId, year)
    })
  }

  /** The leader accepts the plan's current total as the grand total to keep from now on. */
  async acceptTotal(chamberId: number, year: number, ctx: AuditContext): Promise<Plan> {
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year, true)
      const total = totalsOf((await lineRows(tx, plan.id)).map(amountsOf)).totalCents
      await tx.updateTable('budget_plan').set({ baseline_total_cents: total, updated_at: sql`now()` }).where('id', '=', plan.id).execute()
      await audit(tx, ctx, { chamberId, action: 'budget.plan.total_accepted', entity: 'budget_plan', entityId: plan.id,
        before: { baselineTotalCents: plan.baseline_total_cents }, after: { baselineTotalCents: total } })
      return loadPlan(tx, chamberId, year)
    })
  }

  /**
   * Year rollover: next year's plan starts as a copy of this one, and what the start-up lines did
   * not use (planned - committed - spent) moves to next year's vouchers (seed: "a partire dal
   * secondo anno le minori spese di avvio verranno utilizzate per l'incremento dei voucher").
   */
  async rollover(chamberId: number, year: number, ctx: AuditContext): Promise<{ plan: Plan; movedToVouchersCents: number }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const plan = await findPlanRow(tx, chamberId, year, true)
      const programme = (await programmeRow(tx, plan.programme_id))!
      if (year + 1 > programme.last_year) throw conflict(`the programme ends in ${programme.last_year}`)
      const next = await tx.selectFrom('budget_plan').select('id').where('chamber_id', '=', chamberId).where('year', '=', year + 1).executeTakeFirst()
      if (next) throw conflict(`the chamber already has a ${year + 1} plan`)
      const rows = await lineRows(tx, plan.id)
      if (!rows.some((r) => r.category === VOUCHER_CATEGORY)) throw conflict('the plan has no voucher line to move savings to')
      const savings = rows.filter((r) => r.start_up).reduce((s, r) => s + r.planned_cents - r.committed_cents - r.spent_cents, 0)
      const drafts: LineDraft[] = rows.map((r) => ({
        category: r.category, label: r.label, nature: r.nature, startUp: r.start_up, formula: r.formula, quantityMilli: r.quantity_milli,
        unitCents: r.unit_cents, extraCents: r.extra_cents, adjustmentCents: r.adjustment_cents + (r.category === VOUCHER_CATEGORY ? savings : 0),
      }))
      const id = await insertPlan(tx, chamberId, plan.programme_id, year + 1, drafts)
      await audit(tx, ctx, { chamberId, action: 'budget.plan.rolled_over', entity: 'budget_plan', entityId: id,
        after: { fromYear: year, year: year + 1, movedToVouchersCents: savings } })
      return { plan: await loadPlan(tx, chamberId, year + 1), movedToVouchersCents: savings }
    })
  }

  private async programmeFor(db: DbOrTx, chamberId: number, programmeId: number, year: number) {
    const programme = await programmeRow(db, programmeId)
    const chamber = await db.selectFrom('chamber').select('region_code').where('id', '=', chamberId).executeTakeFirst()
    if (!programme || !chamber || programme.region_code !== chamber.region_code) {
      throw badRequest('no such programme for this chamber', [{ path: '/programmeId', message: "not a programme of the chamber's region" }])
    }
    if (year < programme.first_year || year > programme.last_year) {
      throw badRequest('the year is outside the programme', [{ path: '/year', message: `${programme.first_year}-${programme.last_year}` }])
    }
    return programme
  }
}
