import { sql } from 'kysely'
import { SEED_NETWORK_LINES, SEED_PIDS, SEED_THRESHOLDS, splitAcrossPids } from '@pid/shared'
import type { Tx } from '../db/database.ts'
import { systemContext } from '../core/audit.ts'
import { BudgetService } from '../modules/budget/budget.service.ts'
import { insertPlan, insertProgramme, plannedOf, type LineDraft } from '../modules/budget/plans.repository.ts'

/**
 * The seed's budget as demo data: the programme "PID Lombardia 2017-2019" and each of the 12
 * chambers' plans, one twelfth of the seed's 12-PID plan (the regional plan adds up to the seed's
 * table exactly). From 2018 the one-off and start-up costs (training, location, half of the
 * platforms) move to vouchers, so the three years reach 60% vouchers with the total unchanged.
 * Milano's 2017 plan has nine months of execution and a reallocation waiting for the leader.
 */
export async function seedDemoBudget(tx: Tx, chambers: Map<string, number>): Promise<void> {
  await sql`TRUNCATE budget_programme RESTART IDENTITY CASCADE`.execute(tx)
  const programmeId = await insertProgramme(tx, { regionCode: '03', name: 'PID Lombardia 2017-2019', firstYear: 2017, lastYear: 2019, thresholds: SEED_THRESHOLDS })
  const perPid = splitAcrossPids(SEED_NETWORK_LINES, SEED_PIDS)
  // The chambers in the seed's order (the map keeps insertion order).
  for (const [i, chamberId] of [...chambers.values()].entries()) {
    const first = perPid[i]!
    await insertPlan(tx, chamberId, programmeId, 2017, first)
    const later = afterStartUp(first)
    await insertPlan(tx, chamberId, programmeId, 2018, later)
    await insertPlan(tx, chamberId, programmeId, 2019, later)
  }
  await demoExecution(tx, chambers.get('Milano')!)
}

/** The second year's lines: one-off training and start-up costs gone, the same total, the difference in vouchers. */
function afterStartUp(lines: readonly LineDraft[]): LineDraft[] {
  const next = lines.map((l): LineDraft => {
    if (l.category === 'staff' || l.category === 'promoters') return { ...l, extraCents: 0 }
    if (l.category === 'location') return { ...l, extraCents: 0 }
    if (l.category === 'platforms') return { ...l, unitCents: l.unitCents / 2 }
    return { ...l }
  })
  const moved = lines.reduce((s, l) => s + plannedOf(l), 0) - next.reduce((s, l) => s + plannedOf(l), 0)
  const vouchers = next.find((l) => l.category === 'vouchers')!
  vouchers.extraCents += moved
  return next
}

async function demoExecution(tx: Tx, milano: number): Promise<void> {
  const budget = new BudgetService()
  const ctx = systemContext('seed')
  const post = { chamberId: milano, year: 2017 }
  for (let month = 1; month <= 9; month++) {
    const mm = String(month).padStart(2, '0')
    await budget.spend(tx, ctx, { ...post, category: 'staff', amountCents: 825_000, fromCommitment: false,
      source: { module: 'budget', ref: `staff:2017-${mm}` }, description: `Costo del personale ${mm}/2017`, bookedOn: `2017-${mm}-28` })
  }
  await budget.spend(tx, ctx, { ...post, category: 'platforms', amountCents: 3_000_000, fromCommitment: false,
    source: { module: 'manual', ref: 'fattura-2017-014' }, description: 'Piattaforma CRM e banche dati', bookedOn: '2017-02-15' })
  await budget.commit(tx, ctx, { ...post, category: 'vouchers', amountCents: 20_000_000,
    source: { module: 'manual', ref: 'bando-2017-1' }, description: 'Bando voucher digitali I4.0 - 2017', bookedOn: '2017-03-01' })
  for (const [i, day] of ['2017-06-20', '2017-07-18', '2017-08-29', '2017-09-26'].entries()) {
    await budget.spend(tx, ctx, { ...post, category: 'vouchers', amountCents: 2_000_000, fromCommitment: true,
      source: { module: 'manual', ref: 'bando-2017-1' }, description: `Liquidazione voucher, lotto ${i + 1}`, bookedOn: day })
  }
  for (const [i, day] of ['2017-03-22', '2017-05-10', '2017-09-14'].entries()) {
    await budget.spend(tx, ctx, { ...post, category: 'communication', amountCents: 200_000, fromCommitment: false,
      source: { module: 'manual', ref: `evento-2017-${i + 1}` }, description: `Evento sul territorio ${i + 1}`, bookedOn: day })
  }
  const plan = await tx.selectFrom('budget_plan').select('id').where('chamber_id', '=', milano).where('year', '=', 2017).executeTakeFirstOrThrow()
  const line = (category: string) => tx.selectFrom('budget_line').select('id').where('plan_id', '=', plan.id).where('category', '=', category).executeTakeFirstOrThrow()
  const coordinator = await tx.selectFrom('app_user').select('id').where('email', '=', 'coordinatore@pid.example').executeTakeFirst()
  await tx.insertInto('budget_reallocation').values({
    plan_id: plan.id, chamber_id: milano, from_line_id: (await line('support')).id, to_line_id: (await line('communication')).id,
    amount_cents: 500_000, reason: 'Due eventi in più sul territorio nel secondo semestre', proposed_by: coordinator?.id ?? null,
  }).execute()
}
