import { formulaCents, type SeedLine, type Thresholds } from '@pid/shared'
import type { DbOrTx } from '../../db/database.ts'

/** A line as stored: drivers plus the reallocations' adjustment. */
export type LineDraft = SeedLine & { adjustmentCents?: number }

export interface ProgrammeDraft { regionCode: string; name: string; firstYear: number; lastYear: number; thresholds: Thresholds }

export async function insertProgramme(db: DbOrTx, p: ProgrammeDraft): Promise<number> {
  const { id } = await db.insertInto('budget_programme').values({
    region_code: p.regionCode, name: p.name, first_year: p.firstYear, last_year: p.lastYear,
    voucher_share_min_year_pm: p.thresholds.voucherShareMinYearPm,
    voucher_share_min_programme_pm: p.thresholds.voucherShareMinProgrammePm,
    internal_share_max_pm: p.thresholds.internalShareMaxPm,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

export const plannedOf = (l: LineDraft) => formulaCents(l) + (l.adjustmentCents ?? 0)

/** Stores a plan and its lines in order; the grand total to keep is the lines' sum unless given. */
export async function insertPlan(db: DbOrTx, chamberId: number, programmeId: number, year: number,
  lines: readonly LineDraft[], baselineTotalCents?: number): Promise<number> {
  const total = lines.reduce((s, l) => s + plannedOf(l), 0)
  const { id } = await db.insertInto('budget_plan').values({
    chamber_id: chamberId, programme_id: programmeId, year, baseline_total_cents: baselineTotalCents ?? total,
  }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('budget_line').values(lines.map((l, i) => ({
    plan_id: id, chamber_id: chamberId, position: i + 1, category: l.category, label: l.label, nature: l.nature,
    start_up: l.startUp, formula: l.formula, quantity_milli: l.quantityMilli, unit_cents: l.unitCents,
    extra_cents: l.extraCents, adjustment_cents: l.adjustmentCents ?? 0, planned_cents: plannedOf(l),
  }))).execute()
  return id
}
