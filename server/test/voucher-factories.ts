import { SEED_THRESHOLDS, type CreateCallBody, type Expense, type FirmCreateApplicationBody } from '@pid/shared'
import type { Db } from '../src/db/database.ts'
import { insertPlan, insertProgramme } from '../src/modules/budget/plans.repository.ts'
import { amountLines } from './budget-factories.ts'
import { makeFirm } from './crm-factories.ts'
import { firmSession } from './firm-access-helpers.ts'
import { chamberId, createTestContext, demoAuth, type Auth, type TestContext } from './helpers.ts'

export const BUDGET_YEAR = 2026

/** Where every voucher test starts: its own database, a Milano voucher budget, the demo leader and coordinator signed in. */
export async function voucherTestContext(voucherCents: number) {
  const ctx = await createTestContext()
  const milano = await chamberId(ctx.db, 'Milano')
  await makeVoucherBudget(ctx.db, milano, voucherCents)
  const leader = await demoAuth(ctx, 'leader@pid.example')
  const coordinator = await demoAuth(ctx, 'coordinatore@pid.example')
  return { ctx, milano, leader, coordinator }
}

/** A budget plan for the chamber's year with this much on its voucher line (and a staff line). */
export async function makeVoucherBudget(db: Db, chamberId: number, voucherCents: number, year = BUDGET_YEAR): Promise<void> {
  const existing = await db.selectFrom('budget_programme').select('id').where('first_year', '=', year).executeTakeFirst()
  const programmeId = existing?.id ?? await insertProgramme(db, { regionCode: '03', name: `PID Lombardia ${year}`, firstYear: year, lastYear: year + 2, thresholds: SEED_THRESHOLDS })
  await insertPlan(db, chamberId, programmeId, year, amountLines({ staff: 10_000_000, vouchers: voucherCents }, ['staff']))
}

const hour = 3600_000
/**
 * A first-come-first-served call like the 2021-2025 ones: 50% of eligible costs up to 5,000 EUR,
 * minimum spend 3,000 EUR, consultancy at most 30%, +250 EUR with a legality rating; open since an
 * hour ago for a week; micro, small and medium firms of the chamber, active, not in agriculture.
 */
export function callBody(overrides: Partial<CreateCallBody> = {}): CreateCallBody {
  const now = Date.now()
  return {
    code: `VD-${Math.floor(Math.random() * 1e6)}`,
    title: { it: 'Voucher digitali I4.0', en: 'I4.0 digital vouchers' },
    summary: { it: 'Contributi per consulenza, formazione e tecnologie digitali' },
    opensAt: new Date(now - hour).toISOString(),
    closesAt: new Date(now + 7 * 24 * hour).toISOString(),
    budgetYear: BUDGET_YEAR,
    envelopeCents: 5_000_000,
    allocation: 'fcfs',
    allowRemainder: false,
    grantRule: {
      maxGrantCents: 500_000, ratePm: 500, minSpendCents: 300_000,
      categories: [
        { code: 'consulting', label: { it: 'Consulenza' }, capPm: 300 },
        { code: 'training', label: { it: 'Formazione' } },
        { code: 'technology', label: { it: 'Tecnologie' } },
      ],
      bonuses: [{ kind: 'legality_rating', amountCents: 25_000 }],
    },
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, atecoExclusions: ['A'], annualFeePaid: true, assessment: null },
    quotas: [],
    rankingCriteria: [],
    documents: [],
    reportingDeadline: new Date(now + 365 * 24 * hour).toISOString().slice(0, 10),
    cup: 'J45F21000010005',
    rnaCarCode: '12345',
    ...overrides,
  }
}

/** Creates the call through the API as the given staff member and publishes it (the budget must cover it). */
export async function publishedCall(ctx: TestContext, staff: Auth, chamberId: number, overrides: Partial<CreateCallBody> = {}): Promise<{ id: number; code: string }> {
  const created = await ctx.http().post(`/api/v1/chambers/${chamberId}/vouchers/calls`).set(staff).send(callBody(overrides))
  if (created.status !== 201) throw new Error(`call not created: ${created.status} ${JSON.stringify(created.body)}`)
  const published = await ctx.http().post(`/api/v1/chambers/${chamberId}/vouchers/calls/${created.body.id}/publish`).set(staff)
  if (published.status !== 200) throw new Error(`call not published: ${published.status} ${JSON.stringify(published.body)}`)
  return { id: created.body.id, code: created.body.code }
}

export const expense = (category: string, amountCents: number): Expense => ({
  category, supplierName: 'Digitale Lombardo S.r.l.', supplierVat: '12345678903', description: 'Intervento', amountCents,
})

/** A complete draft: 10,000 EUR of technology -> a 5,000 EUR grant under callBody()'s rule. */
export const completeDraft = (over: FirmCreateApplicationBody = {}): FirmCreateApplicationBody => ({
  expenses: [expense('technology', 1_000_000)],
  declarations: { truthful: true, annualFeePaid: true, deMinimisAidCents: 0, notInDifficulty: true, noDoubleFunding: true },
  contact: { name: 'Giulia Neri', email: 'giulia.neri@example.it' },
  ...over,
})

/** A firm of Milano with a vouchers session and a complete draft on the call. */
export async function firmWithDraft(ctx: TestContext, callId: number, draft = completeDraft(), firm?: { id: number }): Promise<{ firmId: number; auth: Auth; applicationId: number }> {
  const firmId = firm?.id ?? (await makeFirm(ctx.db)).id
  const auth = { authorization: `Bearer ${await firmSession(ctx, firmId, ['vouchers'])}` }
  const res = await ctx.http().post(`/api/v1/firm/vouchers/calls/${callId}/applications`).set(auth).send(draft)
  if (res.status !== 201) throw new Error(`draft not created: ${res.status} ${JSON.stringify(res.body)}`)
  return { firmId, auth, applicationId: res.body.id }
}
