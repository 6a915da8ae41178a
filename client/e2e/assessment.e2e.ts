import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { checkA11y, expectLegibleChart, launchBrowser, nav, openAs } from './browser.ts'
import { notItalian } from './italian.ts'

let browser: Browser
let staff: Page
let firm: Page
let link = ''

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await openAs(browser, 'coordinatore@pid.example')
})

afterAll(async () => {
  await firm?.context().close()
  await staff?.context().close()
  await browser?.close()
})

/** Answers every question shown on the current step (conditional ones appear as their trigger is answered). */
async function answerStep(p: Page, skipFirst = false): Promise<void> {
  for (let i = skipFirst ? 1 : 0; i < (await p.locator('fieldset.question').count()); i++) {
    const q = p.locator('fieldset.question').nth(i)
    if (await q.locator('input[type=radio]').count()) await q.locator('input[type=radio]').first().check()
    else if (await q.locator('input[type=checkbox]').count()) await q.locator('input[type=checkbox]').first().check()
    else if (await q.locator('input[type=number]').count()) { await q.locator('input[type=number]').fill('12'); await q.locator('input[type=number]').press('Tab') }
    else { await q.locator('textarea').fill('Vendere online'); await q.locator('textarea').press('Tab') }
  }
}

describe('self-assessment from a personal link to an agreed plan', () => {
  it('the coordinator creates a personal link for a firm', async () => {
    await nav(staff).getByRole('link', { name: 'Autovalutazioni' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Autovalutazioni' }).waitFor()
    await checkA11y(staff)
    await staff.getByRole('button', { name: 'Invia link a un\'impresa' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Link personale per l\'impresa' })
    await checkA11y(staff, dialog)
    await dialog.getByLabel('Cerca l\'impresa per nome').fill('Cascina Bianchi')
    await dialog.getByLabel('Cerca l\'impresa per nome').press('Enter')
    const select = dialog.getByLabel('Impresa', { exact: true })
    await expect.poll(async () => select.locator('option').count()).toBeGreaterThan(1)
    // Firms of the same name are told apart: name, town and codice fiscale.
    expect(await select.locator('option').nth(1).innerText()).toMatch(/Cascina Bianchi.* · .+ · [0-9A-Z]{11,16}$/)
    await select.selectOption({ index: 1 })
    await dialog.getByRole('button', { name: 'Crea il link' }).click()
    link = await dialog.getByTestId('firm-link-url').inputValue()
    expect(link).toMatch(/\/impresa\/accesso\?token=/)
    await staff.keyboard.press('Escape')
  })

  it('the firm opens the link on a phone, answers step by step, is told what is missing, submits and gets its report and PDF', async () => {
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true })
    firm = await context.newPage()
    firm.setDefaultTimeout(15_000)
    await firm.goto(link.replace(/^https?:\/\/[^/]+/, new URL(staff.url()).origin))
    await firm.waitForURL(/\/impresa\/autovalutazione$/)
    await firm.getByRole('heading', { level: 1, name: 'Autovalutazione della maturità digitale' }).waitFor()
    await checkA11y(firm)
    await firm.getByRole('button', { name: 'Inizia l\'autovalutazione' }).click()
    await firm.getByText('Passo 1 di 8').waitFor()
    await answerStep(firm, true) // leaves the first question unanswered
    await firm.getByText('Risposte salvate').waitFor()
    for (let step = 2; step <= 8; step++) {
      await firm.getByRole('button', { name: 'Avanti' }).click()
      await firm.getByText(`Passo ${step} di 8`).waitFor()
      await answerStep(firm)
    }
    await firm.getByRole('button', { name: 'Invia l\'autovalutazione' }).click()
    await expect.poll(() => firm.getByTestId('firm-error').innerText()).toContain('Mancano 1 risposte obbligatorie')
    await firm.getByText('Passo 1 di 8').waitFor()
    await firm.locator('fieldset.question').first().locator('input[type=radio]').last().check()
    for (let step = 2; step <= 8; step++) await firm.getByRole('button', { name: 'Avanti' }).click()
    await firm.getByRole('button', { name: 'Invia l\'autovalutazione' }).click()
    await firm.getByRole('heading', { level: 1, name: 'Rapporto di maturità digitale' }).waitFor()
    await checkA11y(firm)
    expect(await firm.getByTestId('overall-score').innerText()).toMatch(/^\d+\/100$/)
    // On the phone the radar keeps every dimension's name inside the screen.
    await expectLegibleChart(firm.getByRole('figure', { name: 'Punteggi per area' }))
    await firm.getByRole('heading', { name: "Che cosa può fare il PID per l'impresa" }).waitFor()
    const [download] = await Promise.all([firm.waitForEvent('download'), firm.getByRole('button', { name: 'Scarica il PDF' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  })

  it('the coordinator reviews the result with the firm and agrees a plan', async () => {
    await staff.reload()
    await staff.getByTestId('assessment-table').getByRole('link', { name: /Cascina Bianchi/ }).first().click()
    await staff.getByRole('heading', { level: 1, name: /Autovalutazione di .*Cascina Bianchi/ }).waitFor()
    await checkA11y(staff)
    await staff.getByTestId('assessment-report').waitFor()
    await staff.getByLabel('Punteggio validato Cybersicurezza').fill('70')
    await staff.getByLabel('Nota Cybersicurezza').fill('Autenticazione a due fattori verificata')
    await staff.getByLabel('Note del colloquio').fill('Colloquio presso lo sportello PID')
    await staff.getByRole('button', { name: 'Salva la revisione' }).click()
    await staff.getByText('Revisione salvata').waitFor()
    await staff.getByRole('heading', { name: 'Revisione con l\'esperto PID' }).waitFor()
    await staff.getByLabel('Tipo di intervento').selectOption('training')
    await staff.getByLabel('Intervento', { exact: true }).fill('Corso sulla gestione dei dati')
    await staff.getByRole('button', { name: 'Aggiungi al piano' }).click()
    await expect.poll(() => staff.getByTestId('plan-items').innerText()).toContain('Formazione: Corso sulla gestione dei dati')
  })

  it("the coordinator's questionnaire draft is checked as it is typed, in Italian (the checks' codes, not the server's English)", async () => {
    await nav(staff).getByRole('link', { name: 'Questionari' }).click()
    await staff.getByTestId('questionnaire-table').getByRole('button', { name: 'Nuova bozza da questa versione' }).first().click()
    await staff.getByRole('button', { name: 'Salva la bozza' }).waitFor()
    await staff.getByRole('button', { name: 'Aggiungi domanda' }).first().click()
    // A weighted question whose answers are all worth nothing breaks a rule the schema cannot say.
    const added = staff.locator('.fields section').first().locator('.q-edit').last()
    for (const option of ['Sì', 'In parte', 'No']) await added.getByLabel(`Punti ${option}`).fill('0')
    const problems = staff.getByTestId('questionnaire-problems')
    await expect.poll(() => problems.innerText()).toMatch(/^Domanda \d+: Una domanda con peso ha bisogno di almeno una risposta che valga punti$/)
    expect(notItalian(await problems.innerText())).toEqual([])
    expect(await staff.getByRole('button', { name: 'Salva la bozza' }).isDisabled()).toBe(true)
    await checkA11y(staff)
  })
})
