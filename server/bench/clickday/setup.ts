import { sql } from 'kysely'
import { checkVatNumber, SEED_THRESHOLDS, vatCheckDigit, type CreateCallBody } from '@pid/shared'
import type { Db } from '../../src/db/database.ts'
import { DEMO_PASSWORD } from '../../src/demo/seed.ts'
import { newOpaqueToken } from '../../src/core/auth/tokens.ts'
import { insertPlan, insertProgramme } from '../../src/modules/budget/plans.repository.ts'
import { agent, pooled, request } from './http.ts'

/**
 * The click day's cast, prepared before the clock starts: BENCH_CLICKDAY_FIRMS distinct firms of
 * Milano with valid codes (their own, so the scenario needs no CRM register), a budget with room for
 * the calls, each firm's personal link exchanged for a firm session, and each firm's draft.
 */
export const CLICKDAY_FIRMS = Number(process.env.BENCH_CLICKDAY_FIRMS ?? 10_000)
export const CLICKDAY_VOUCHERS = Number(process.env.BENCH_CLICKDAY_VOUCHERS ?? 1_500)
/** Every draft plans 10,000 EUR of technology: 50% = a 5,000 EUR voucher. */
export const GRANT_CENTS = 500_000
const BUDGET_YEAR = 2030
const TAG = 'bench-clickday'
const SETUP_CONNECTIONS = 40

export interface Firm { id: number; token: string }

/** Firms of Milano with partite IVA of office 121 (never drawn by the register generator), tagged for the bench. */
export async function ensureFirms(db: Db): Promise<number[]> {
  const have = await db.selectFrom('firm').select('id').where(sql<boolean>`tags @> ${[TAG]}::text[]`).orderBy('id').execute()
  if (have.length >= CLICKDAY_FIRMS) return have.slice(0, CLICKDAY_FIRMS).map((f) => f.id)
  const milano = (await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
  for (let start = have.length; start < CLICKDAY_FIRMS; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, CLICKDAY_FIRMS - start) }, (_, j) => {
      const body = String(start + j + 1).padStart(7, '0') + '121'
      const vat = body + vatCheckDigit(body)
      if (!checkVatNumber(vat).ok) throw new Error(`generated an invalid partita IVA ${vat}`)
      return { name: `Click Day ${start + j + 1} S.r.l.`, tax_code: vat, vat_number: vat, legal_form: 'srl', ateco_code: '62.10.00', ateco_section: 'J',
        employees: 5, size_class: 'micro', province_code: 'MI', chamber_id: milano, status: 'active', tags: [TAG] }
    })
    await db.insertInto('firm').values(rows).execute()
  }
  const budget = CLICKDAY_VOUCHERS * GRANT_CENTS * 4
  const programmeId = await insertProgramme(db, { regionCode: '03', name: 'Click day bench', firstYear: BUDGET_YEAR, lastYear: BUDGET_YEAR, thresholds: SEED_THRESHOLDS })
  await insertPlan(db, milano, programmeId, BUDGET_YEAR, [
    { category: 'vouchers', label: 'Voucher', nature: 'services', startUp: false, formula: 'amount', quantityMilli: 0, unitCents: 0, extraCents: budget },
  ])
  return ensureFirms(db)
}

/** Personal links (bulk-inserted, as staff would create them), exchanged through the real session endpoint. */
export async function firmSessions(db: Db, url: string, firmIds: number[]): Promise<Firm[]> {
  const milano = (await db.selectFrom('chamber').select('id').where('short_name', '=', 'Milano').executeTakeFirstOrThrow()).id
  const links = firmIds.map((id) => ({ id, ...newOpaqueToken() }))
  for (let i = 0; i < links.length; i += 1000) {
    await db.insertInto('firm_access_link').values(links.slice(i, i + 1000).map((l) => ({
      firm_id: l.id, chamber_id: milano, purpose: ['vouchers'], token_hash: l.hash, expires_at: sql<Date>`now() + interval '30 days'`,
    }))).execute()
  }
  const a = agent(SETUP_CONNECTIONS)
  return pooled(links, SETUP_CONNECTIONS, async (l) => {
    const r = await request(a, `${url}/api/v1/firm-access/session`, 'POST', {}, { token: l.token })
    if (r.status !== 200) throw new Error(`firm session: ${r.status} ${r.text}`)
    return { id: l.id, token: (JSON.parse(r.text) as { accessToken: string }).accessToken }
  })
}

const hour = 3600_000
/** The call, published through the API by the demo leader: an envelope of `vouchers` vouchers, opening later (the bench sets the instant). */
export async function publishCall(url: string, code: string, vouchers: number): Promise<number> {
  const a = agent(2)
  const login = await request(a, `${url}/api/v1/auth/login`, 'POST', {}, { email: 'leader@pid.example', password: DEMO_PASSWORD })
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`)
  const auth = { authorization: `Bearer ${(JSON.parse(login.text) as { accessToken: string }).accessToken}` }
  const milano = (JSON.parse(login.text) as { user: { roles: { chamberId: number }[] } }).user.roles[0]!.chamberId
  const now = Date.now()
  const body: CreateCallBody = {
    code, title: { it: `Click day ${code}` }, summary: { it: 'Bando a sportello, voucher da 5.000 euro' },
    opensAt: new Date(now + hour).toISOString(), closesAt: new Date(now + 24 * hour).toISOString(), budgetYear: BUDGET_YEAR,
    envelopeCents: vouchers * GRANT_CENTS, allocation: 'fcfs', allowRemainder: false,
    grantRule: { maxGrantCents: GRANT_CENTS, ratePm: 500, minSpendCents: 300_000, bonuses: [],
      categories: [{ code: 'consulting', label: { it: 'Consulenza' }, capPm: 300 }, { code: 'technology', label: { it: 'Tecnologie' } }] },
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, atecoExclusions: ['A'], annualFeePaid: true, assessment: null },
    quotas: [], rankingCriteria: [], documents: [], reportingDeadline: new Date(now + 400 * 24 * hour).toISOString().slice(0, 10),
  }
  const created = await request(a, `${url}/api/v1/chambers/${milano}/vouchers/calls`, 'POST', auth, body)
  if (created.status !== 201) throw new Error(`call: ${created.status} ${created.text}`)
  const id = (JSON.parse(created.text) as { id: number }).id
  const published = await request(a, `${url}/api/v1/chambers/${milano}/vouchers/calls/${id}/publish`, 'POST', auth)
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`)
  return id
}

export const DRAFT = {
  expenses: [{ category: 'technology', supplierName: 'Digitale Lombardo S.r.l.', supplierVat: '12345678903', description: 'Gestionale in cloud', amountCents: 1_000_000 }],
  declarations: { truthful: true, annualFeePaid: true, deMinimisAidCents: 0, notInDifficulty: true, noDoubleFunding: true },
  contact: { name: 'Referente', email: 'referente@example.it' },
}

/** Each firm's draft through the firm's own API (as a firm fills the form before the click day). */
export async function createDrafts(url: string, callId: number, firms: Firm[]): Promise<Map<number, number>> {
  const a = agent(SETUP_CONNECTIONS)
  const ids = await pooled(firms, SETUP_CONNECTIONS, async (f) => {
    const r = await request(a, `${url}/api/v1/firm/vouchers/calls/${callId}/applications`, 'POST', { authorization: `Bearer ${f.token}` }, DRAFT)
    if (r.status !== 201) throw new Error(`draft: ${r.status} ${r.text}`)
    return (JSON.parse(r.text) as { id: number }).id
  })
  return new Map(firms.map((f, i) => [f.id, ids[i]!]))
}

/** The same drafts on another call, copied in SQL (a second run of the same click day). */
export async function copyDrafts(db: Db, fromCallId: number, toCallId: number): Promise<Map<number, number>> {
  const rows = await sql<{ id: number; firm_id: number }>`INSERT INTO voucher_application (call_id, chamber_id, firm_id, firm_name, firm_tax_code,
      expenses, declarations, contact, filed_by, link_id)
    SELECT ${toCallId}, chamber_id, firm_id, firm_name, firm_tax_code, expenses, declarations, contact, filed_by, link_id
    FROM voucher_application WHERE call_id = ${fromCallId} RETURNING id, firm_id`.execute(db)
  return new Map(rows.rows.map((r) => [r.firm_id, r.id]))
}

/** Sets the opening instant (the harness's act: published terms cannot change through the API). */
export async function openAt(db: Db, callId: number, at: Date): Promise<void> {
  await db.updateTable('voucher_call').set({ opens_at: at }).where('id', '=', callId).execute()
}
