import { formatQuantity, SEED_NETWORK_LINES, SEED_PIDS, SEED_THRESHOLDS, splitAcrossPids, type LineInput, type Thresholds } from '@pid/shared'
import type { Db } from '../src/db/database.ts'
import { insertPlan, insertProgramme, type LineDraft } from '../src/modules/budget/plans.repository.ts'

/** The seed's programme for Lombardy (region 03), 2017-2019, with the seed's thresholds. */
export const makeProgramme = (db: Db, thresholds: Thresholds = SEED_THRESHOLDS, regionCode = '03') =>
  insertProgramme(db, { regionCode, name: 'PID Lombardia 2017-2019', firstYear: 2017, lastYear: 2019, thresholds })

/** One PID's share of the seed plan (the first of the 12), or the lines given. */
export const ONE_PID_LINES: LineDraft[] = splitAcrossPids(SEED_NETWORK_LINES, SEED_PIDS)[0]!

export const makePlan = (db: Db, chamberId: number, programmeId: number, year = 2017, lines: readonly LineDraft[] = ONE_PID_LINES) =>
  insertPlan(db, chamberId, programmeId, year, lines)

/** Lines with the given amounts (cents) by category, as plain amounts. */
export function amountLines(amounts: Record<string, number>, internal: string[] = []): LineDraft[] {
  return Object.entries(amounts).map(([category, cents]) => ({
    category, label: category, nature: internal.includes(category) ? 'internal' : 'services', startUp: false,
    formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: cents,
  }))
}

/** Seed-style lines as the API takes them (quantity as a decimal text). */
export function lineInputs(lines: readonly LineDraft[]): LineInput[] {
  return lines.map((l) => ({
    category: l.category, label: l.label, nature: l.nature, startUp: l.startUp, formula: l.formula,
    ...(l.formula === 'amount' ? {} : { quantity: formatQuantity(l.quantityMilli), unitCents: l.unitCents }),
    extraCents: l.extraCents,
  }))
}
