import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { checkA11y, launchBrowser, openAs } from './browser.ts'

/**
 * The firm's own home on a phone: the demo firm user opens its firm's home, sees its sections,
 * withdraws a consent and asks the PID for help; a coordinator finds the request in the work queue
 * and closes it.
 */
let browser: Browser
let firmUser: Page
let staff: Page
const SHOTS = '/tmp/shots-firmhome'
const question = `Vorremmo un aiuto sulla formazione ${Date.now() % 100_000}`

beforeAll(async () => {
  browser = await launchBrowser()
  await mkdir(SHOTS, { recursive: true })
})
afterAll(async () => {
  await firmUser?.context().close()
  await staff?.context().close()
  await browser?.close()
})

describe("the firm's own home", () => {
  it('the firm user opens its firm on a phone, sees its sections and withdraws a consent', async () => {
    firmUser = await openAs(browser, 'impresa@pid.example')
    await firmUser.setViewportSize({ width: 390, height: 844 })
    // The demo's own firm (another test may link more firms to the account).
    const card = firmUser.getByTestId('my-firms').getByRole('listitem').filter({ hasNotText: 'Ottica Account' }).first()
    await card.getByRole('button', { name: 'Apri la scheda' }).click()
    await firmUser.waitForURL(/\/impresa\/home$/)
    await firmUser.getByRole('heading', { level: 1, name: 'La sua impresa' }).waitFor()
    await firmUser.getByRole('heading', { level: 2, name: "Dati dell'impresa" }).waitFor()
    await firmUser.getByTestId('firm-stage').getByText(/Percorso digitale: passo \d di 6/).waitFor()
    await firmUser.getByRole('heading', { level: 2, name: 'Autovalutazioni e piano' }).waitFor()
    // The demo firm's scored self-assessment, its report and the plan agreed with the PID.
    const assessments = firmUser.getByRole('region', { name: 'Autovalutazioni e piano' })
    await assessments.getByText(/punteggio \d+ su 100/).waitFor()
    await assessments.getByRole('link', { name: 'Vedi il report' }).waitFor()
    await assessments.getByText('Corso sul commercio elettronico per le piccole imprese').waitFor()
    const vouchers = firmUser.getByRole('region', { name: 'Domande di voucher' })
    await vouchers.getByRole('listitem').first().waitFor()
    await firmUser.getByRole('region', { name: 'Eventi delle sue persone' }).getByRole('listitem').first().waitFor()
    // The demo's request for help is there, with its state.
    await firmUser.getByTestId('help-requests').getByText('Ricevuta').first().waitFor()
    await checkA11y(firmUser)
    await firmUser.screenshot({ path: `${SHOTS}/firm-home-390.png`, fullPage: true })

    const consents = firmUser.getByRole('region', { name: 'Persone e consensi' })
    const newsletter = consents.getByRole('checkbox', { name: 'Newsletter', checked: true }).first()
    await newsletter.waitFor()
    const before = await consents.getByRole('checkbox', { name: 'Newsletter', checked: true }).count()
    await newsletter.uncheck()
    await consents.getByRole('status').filter({ hasText: /Consenso «Newsletter» revocato per / }).waitFor()
    await expect.poll(() => consents.getByRole('checkbox', { name: 'Newsletter', checked: true }).count()).toBe(before - 1)
    await consents.getByText(/revocato (il |l')/).first().waitFor()
    await checkA11y(firmUser)
    // Still withdrawn after a reload: it was recorded in the CRM.
    await firmUser.reload()
    await firmUser.getByRole('region', { name: 'Persone e consensi' }).getByRole('checkbox', { name: 'Newsletter' }).first().waitFor()
    expect(await firmUser.getByRole('region', { name: 'Persone e consensi' }).getByRole('checkbox', { name: 'Newsletter', checked: true }).count()).toBe(before - 1)
  })

  it('the firm asks the PID for help and sees its request', async () => {
    const help = firmUser.getByRole('region', { name: 'Parlare con il PID' })
    await help.getByLabel('Argomento').selectOption({ label: 'Formazione' })
    await help.getByLabel('Di cosa ha bisogno?').fill(question)
    await help.getByLabel('Per email').check()
    await help.getByLabel('Indirizzo email').fill('irene.impresa@example.it')
    await help.getByRole('button', { name: 'Invia la richiesta' }).click()
    await help.getByRole('status').filter({ hasText: 'Richiesta inviata' }).waitFor()
    await help.getByTestId('help-requests').getByText(question).waitFor()
    await checkA11y(firmUser)
  })

  it('a coordinator finds the request in the work queue, takes it and closes it', async () => {
    staff = await openAs(browser, 'coordinatore@pid.example')
    await staff.getByRole('link', { name: /richieste? di aiuto/ }).click()
    await staff.getByRole('heading', { level: 1, name: 'Richieste di aiuto' }).waitFor()
    const item = staff.getByTestId('help-request-list').getByRole('listitem').filter({ hasText: question })
    await item.waitFor()
    // The firm's name leads to its CRM page.
    await item.getByRole('link').first().waitFor()
    await checkA11y(staff)
    await staff.screenshot({ path: `${SHOTS}/help-requests-1366.png`, fullPage: true })
    // Staff on a phone read and take the request as well.
    await staff.setViewportSize({ width: 390, height: 844 })
    await item.getByRole('button', { name: /^Prendi in carico/ }).waitFor()
    await checkA11y(staff)
    await staff.screenshot({ path: `${SHOTS}/help-requests-390.png`, fullPage: true })
    await item.getByRole('button', { name: /^Prendi in carico/ }).click()
    await item.getByText(/presa in carico da /).waitFor()
    await item.getByRole('button', { name: /^Chiudi la richiesta di / }).click()
    await item.getByLabel("Esito (lo legge l'impresa)").fill('Richiamata la titolare: corso di marzo proposto.')
    await item.getByRole('button', { name: 'Chiudi la richiesta' }).click()
    await staff.getByRole('status').filter({ hasText: 'Richiesta chiusa.' }).waitFor()
    await item.waitFor({ state: 'detached' })
    await checkA11y(staff)

    // The firm reads the outcome.
    await firmUser.reload()
    await firmUser.getByTestId('help-requests').getByText('Richiamata la titolare: corso di marzo proposto.', { exact: false }).waitFor()
    await firmUser.setViewportSize({ width: 1366, height: 900 })
    await firmUser.screenshot({ path: `${SHOTS}/firm-home-1366.png`, fullPage: true })
  })
})
