import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { CreateCallBody, CreatedFirmLink, FirmSession, SubmissionReceipt, VoucherApplication, VoucherCall } from '@pid/shared'
import { api, apiLogin, nextVat, type ApiSession, type CreatedFirm } from './api.ts'
import { baseUrl, checkA11y, launchBrowser, openAs } from './browser.ts'

/**
 * Ranking and pro rata, through the SPA: firms apply during a 15-second window (set up through the
 * API, as the firm's form is tested in vouchers.e2e.ts); the coordinator records the checklists and
 * merit scores, computes the ranking or the pro-rata shares once the window has closed (the test
 * waits for the server's clock to pass it), decides on the proposal, and reads the list for the
 * decision act.
 */
let browser: Browser
let staff: Page
let session: ApiSession
const stamp = Date.now() % 100_000
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout })
const text = async (l: Locator) => (await l.innerText()).replace(/[\u00a0\u202f]/g, ' ')

/** A call whose window closes `seconds` from now: the evaluation starts right after. */
function call(code: string, allocation: 'ranking' | 'pro_rata', seconds: number): CreateCallBody {
  const now = Date.now()
  return {
    code, title: { it: `Bando ${allocation === 'ranking' ? 'a graduatoria' : 'a riparto'} ${code}` }, summary: { it: 'Prova di valutazione' },
    opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + seconds * 1000).toISOString(), budgetYear: 2019, envelopeCents: 700_000,
    allocation, allowRemainder: true, reserveLimit: null,
    grantRule: { maxGrantCents: 500_000, ratePm: 500, minSpendCents: 0, categories: [{ code: 'tecnologie', label: { it: 'Tecnologie' } }], bonuses: [] },
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], seatInChamber: true, activeInRegister: true, atecoExclusions: [], annualFeePaid: false, assessment: null },
    quotas: [], documents: [], reportingDeadline: `${new Date(now).getUTCFullYear() + 1}-12-31`,
    rankingCriteria: allocation === 'ranking' ? [
      { code: 'qualita', label: { it: 'Qualità del progetto' }, weight: 60, maxScore: 10 },
      { code: 'impatto', label: { it: 'Impatto' }, weight: 40, maxScore: 5 },
    ] : [],
  }
}

/** A micro firm that applies for 9,000 of technology (a 4,500 grant) from its own firm session. */
async function apply(callId: number, name: string): Promise<SubmissionReceipt> {
  const vat = nextVat()
  const firm = await api<CreatedFirm>(session, 'POST', '/firms', { name, taxCode: vat, vatNumber: vat, provinceCode: 'MI', legalForm: 'srl',
    employees: 5, turnoverCents: 40_000_000 })
  const link = await api<CreatedFirmLink>(session, 'POST', `/firms/${firm.id}/access-links`, { purposes: ['vouchers'] })
  const firmSession = await post<FirmSession>('/firm-access/session', undefined, { token: link.token })
  const draft = await post<VoucherApplication>(`/firm/vouchers/calls/${callId}/applications`, firmSession.accessToken, {
    expenses: [{ category: 'tecnologie', supplierName: 'Robotica spa', description: 'Cobot', amountCents: 900_000 }],
    declarations: { truthful: true, annualFeePaid: true, notInDifficulty: true, noDoubleFunding: true },
    contact: { name: 'Anna Verdi', email: 'anna.verdi@example.com' },
  })
  return post<SubmissionReceipt>(`/firm/vouchers/applications/${draft.id}/submit`, firmSession.accessToken, {}, 200)
}

async function post<T>(path: string, token: string | undefined, body: unknown, expected = path.endsWith('/session') ? 200 : 201): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  })
  if (res.status !== expected) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function publishedCall(body: CreateCallBody): Promise<VoucherCall> {
  const created = await api<VoucherCall>(session, 'POST', '/vouchers/calls', body)
  return api<VoucherCall>(session, 'POST', `/vouchers/calls/${created.id}/publish`, {}, 200)
}

/** Opens an application of the call from the evaluation board. */
async function openApplication(callId: number, protocol: string): Promise<void> {
  await staff.goto(`${baseUrl}/bandi/${callId}?tab=valutazione`)
  await staff.getByTestId('evaluation-table').getByRole('link', { name: protocol }).click()
  await staff.getByTestId('admissibility').waitFor()
}

/** Records the checklist with the system's proposals (every check applies and passes here). */
async function admit(): Promise<void> {
  await staff.getByRole('button', { name: "Registra l'istruttoria" }).click()
  await poll(() => text(staff.getByTestId('admissibility-recorded'))).toContain(': ammissibile')
}

async function untilClosed(callId: number): Promise<void> {
  await poll(async () => (await api<VoucherCall>(session, 'GET', `/vouchers/calls/${callId}`)).phase, 60_000).toBe('closed')
}

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await openAs(browser, 'coordinatore@pid.example')
  session = await apiLogin('coordinatore@pid.example')
})

afterAll(async () => {
  for (const c of browser?.contexts() ?? []) await c.close()
  await browser?.close()
})

describe('a ranking call', () => {
  let ranking: VoucherCall
  let first: SubmissionReceipt
  let second: SubmissionReceipt

  it('takes applications during its window (through the API)', async () => {
    ranking = await publishedCall(call(`VD-RANK-${stamp}`, 'ranking', 15))
    first = await apply(ranking.id, 'Ceramiche Lodigiane srl')
    second = await apply(ranking.id, 'Tessitura Brianza srl')
    expect([first.status, second.status]).toEqual(['submitted', 'submitted'])
  })

  it('the coordinator records checklists and merit scores: the later protocol scores higher', async () => {
    await openApplication(ranking.id, first.protocol)
    await admit()
    await staff.getByLabel(/^Qualità del progetto/).fill('6')
    await staff.getByLabel(/^Impatto/).fill('3')
    await staff.getByRole('button', { name: 'Registra i punteggi' }).click()
    // 60 x 6/10 + 40 x 3/5 = 36 + 24
    await poll(() => text(staff.getByTestId('score-total'))).toBe('Totale: 60/100')

    await openApplication(ranking.id, second.protocol)
    await admit()
    await staff.getByLabel(/^Qualità del progetto/).fill('11')
    await staff.getByRole('button', { name: 'Registra i punteggi' }).click()
    await poll(() => text(staff.locator('#score-qualita-error'))).toContain('(0–10)')
    await staff.getByLabel(/^Qualità del progetto/).fill('9')
    await staff.getByLabel(/^Impatto/).fill('4')
    await staff.getByRole('button', { name: 'Registra i punteggi' }).click()
    await poll(() => text(staff.getByTestId('score-total'))).toBe('Totale: 86/100')
  })

  it('after the window the ranking funds the best first and gives the next the remainder; the coordinator decides and reads the list', async () => {
    await untilClosed(ranking.id)
    await staff.goto(`${baseUrl}/bandi/${ranking.id}?tab=valutazione`)
    await staff.getByRole('button', { name: 'Calcola la graduatoria' }).click()
    await staff.getByLabel('Ordine').selectOption({ label: 'Per graduatoria' })
    const board = staff.getByTestId('evaluation-table')
    // The board reloads after the computation and again after the order changes: poll the rows as
    // a whole, never read one and then the next (a reload in between shows the loading row).
    await poll(async () => [await text(board.locator('tbody tr').first()), await text(board.locator('tbody tr').nth(1))].join(' | '))
      .toMatch(/Tessitura Brianza srl.*4.500,00 €.* \| .*2.500,00 €/s)
    await checkA11y(staff)

    for (const [protocol, amount, cor] of [[second.protocol, '4500', '5550101'], [first.protocol, '2500', '5550102']] as const) {
      await openApplication(ranking.id, protocol)
      await checkA11y(staff)
      await staff.getByTestId('decision').getByLabel('Concessa', { exact: true }).check()
      expect(await staff.getByLabel(/^Importo concesso/).inputValue()).toBe(amount)
      await staff.getByLabel(/^Codice COR/).fill(cor)
      await staff.getByRole('button', { name: 'Registra la decisione' }).click()
      await poll(() => text(staff.getByTestId('application-status'))).toBe('Concessa')
    }
    await staff.goto(`${baseUrl}/bandi/${ranking.id}/elenco`)
    await poll(() => text(staff.getByTestId('decision-list-total'))).toBe('Totale concesso: 7.000,00 €')
    await checkA11y(staff)
    const funded = await text(staff.getByTestId('decision-list-funded'))
    expect(funded.indexOf('Tessitura Brianza srl')).toBeLessThan(funded.indexOf('Ceramiche Lodigiane srl'))
    expect(funded).toContain('5550102')
  })
})

describe('a pro-rata call', () => {
  let proRata: VoucherCall
  const receipts: SubmissionReceipt[] = []

  it('takes applications during its window (through the API) and the coordinator admits them', async () => {
    proRata = await publishedCall(call(`VD-PRO-${stamp}`, 'pro_rata', 15))
    receipts.push(await apply(proRata.id, 'Oleificio Garda srl'), await apply(proRata.id, 'Vetreria Muranese srl'))
    for (const r of receipts) {
      await openApplication(proRata.id, r.protocol)
      await admit()
    }
  })

  it('after the window the envelope is shared in proportion, to the cent, never beyond it', async () => {
    await untilClosed(proRata.id)
    await staff.goto(`${baseUrl}/bandi/${proRata.id}?tab=valutazione`)
    await staff.getByRole('button', { name: 'Calcola il riparto' }).click()
    // Two requests of 4,500 on an envelope of 7,000: 3,500 each.
    const money = staff.getByTestId('evaluation-money')
    await poll(() => text(money)).toContain('Proposto\n7.000,00 €')
    const board = staff.getByTestId('evaluation-table')
    await poll(() => board.getByText('3.500,00 €').count()).toBe(2)
  })
})
