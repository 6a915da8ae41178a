import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { api, apiLogin, nextVat, type ApiSession } from './api.ts'
import { baseUrl, checkA11y, launchBrowser, openAs } from './browser.ts'

/**
 * The public self-assessment on a phone: a firm unknown to the CRM starts from its chamber's page,
 * the page solves the proof of work, the verification link (read from the held mail, as staff read
 * it) opens the firm's self-assessment, which it completes and sees its report; staff then find the
 * firm in the CRM as a prospect, with the person and the consent given.
 */
let browser: Browser
let staff: ApiSession
const SHOTS = '/tmp/shots-pubstart'
const stamp = Date.now() % 1_000_000
const firmName = `Sartoria Pubblica ${stamp} S.r.l.`
const email = `titolare.${stamp}@sartoria.example`
const firmCode = nextVat()

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await apiLogin('coordinatore@pid.example')
  await mkdir(SHOTS, { recursive: true })
})
afterAll(async () => { await browser?.close() })

async function onPhone(path: string, width = 390): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width, height: width < 500 ? 844 : 900 },
    isMobile: width < 500, hasTouch: width < 500 })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await page.goto(`${baseUrl}${path}`)
  return page
}

async function answerStep(p: Page): Promise<void> {
  for (let i = 0; i < (await p.locator('fieldset.question').count()); i++) {
    const q = p.locator('fieldset.question').nth(i)
    if (await q.locator('input[type=radio]').count()) await q.locator('input[type=radio]').first().check()
    else if (await q.locator('input[type=checkbox]').count()) await q.locator('input[type=checkbox]').first().check()
    else if (await q.locator('input[type=number]').count()) { await q.locator('input[type=number]').fill('12'); await q.locator('input[type=number]').press('Tab') }
    else { await q.locator('textarea').fill('Vendere online'); await q.locator('textarea').press('Tab') }
  }
}

async function verificationPath(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/chambers/${staff.chamberId}/mail?limit=200`, { headers: { authorization: `Bearer ${staff.token}` } })
  const mails = (await res.json()) as { items: { to: string; text: string }[] }
  const mail = mails.items.find((m) => m.to === email && m.text.includes('/autovalutazione/verifica?token='))
  if (!mail) throw new Error(`no verification mail to ${email}`)
  return /\/autovalutazione\/verifica\?token=[A-Za-z0-9_.%-]+/.exec(mail.text)![0]
}

describe('public self-assessment on a phone', () => {
  it('a firm unknown to the CRM starts, verifies its address, completes the self-assessment and sees its report', async () => {
    const page = await onPhone(`/pubblico/camere/${staff.chamberId}/autovalutazione`)
    await page.getByRole('heading', { level: 1, name: 'Autovalutazione digitale gratuita' }).waitFor()
    await page.getByText(/Camera di commercio/i).first().waitFor()
    await checkA11y(page)
    await page.screenshot({ path: `${SHOTS}/start-390.png`, fullPage: true })
    // The service consent is required: the page says so before anything is sent.
    await page.getByRole('button', { name: 'Ricevi il link per iniziare' }).click()
    await page.getByText('Per iniziare serve il consenso per il servizio').waitFor()
    await page.getByLabel('Codice fiscale o partita IVA').fill(firmCode)
    await page.getByLabel("Nome dell'impresa").fill(firmName)
    await page.getByLabel('Nome', { exact: true }).fill('Marta')
    await page.getByLabel('Cognome').fill('Bianchi')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel(/acconsento al trattamento per il servizio/).check()
    await page.getByLabel('Desidero ricevere la newsletter del Punto Impresa Digitale').check()
    await page.getByRole('button', { name: 'Ricevi il link per iniziare' }).click()
    await page.getByTestId('start-sent').waitFor()
    expect(await page.getByTestId('start-sent').innerText()).toContain(email)
    await checkA11y(page)
    await page.screenshot({ path: `${SHOTS}/sent-390.png`, fullPage: true })

    // Nothing in the CRM yet.
    expect((await api<{ items: unknown[] }>(staff, 'GET', `/firms?q=${firmCode}`)).items).toHaveLength(0)

    const firm = await onPhone(await verificationPath())
    await firm.waitForURL(/\/impresa\/autovalutazione$/)
    await firm.getByRole('heading', { level: 1, name: 'Autovalutazione della maturità digitale' }).waitFor()
    await checkA11y(firm)
    await firm.getByRole('button', { name: 'Inizia l\'autovalutazione' }).click()
    await firm.getByText('Passo 1 di 8').waitFor()
    await answerStep(firm)
    for (let step = 2; step <= 8; step++) {
      await firm.getByRole('button', { name: 'Avanti' }).click()
      await firm.getByText(`Passo ${step} di 8`).waitFor()
      await answerStep(firm)
    }
    await firm.getByRole('button', { name: 'Invia l\'autovalutazione' }).click()
    await firm.getByRole('heading', { level: 1, name: 'Rapporto di maturità digitale' }).waitFor()
    await checkA11y(firm)
    expect(await firm.getByTestId('overall-score').innerText()).toMatch(/^\d+\/100$/)

    // The link works once: a second use says so, in Italian.
    const again = await onPhone(await verificationPath())
    await again.getByText('Questo link di conferma è già stato usato').waitFor()
    await checkA11y(again)
  })

  it('staff find the firm in the CRM as a prospect with the consent given', async () => {
    const found = await api<{ items: { id: number; name: string; tags: string[] }[] }>(staff, 'GET', `/firms?q=${firmCode}`)
    expect(found.items).toHaveLength(1)
    expect(found.items[0]!.tags).toContain('prospect')
    const page = await openAs(browser, 'coordinatore@pid.example')
    await page.goto(`${baseUrl}/imprese/${found.items[0]!.id}`)
    await page.getByRole('heading', { level: 1, name: firmName }).waitFor()
    await page.getByRole('tab', { name: 'Contatti' }).click()
    const card = page.getByRole('listitem', { name: 'Marta Bianchi' })
    await card.waitFor()
    await expect.poll(() => card.innerText()).toMatch(/Newsletter/i)
    await checkA11y(page)
  })

  it('the national page routes by municipality; staff see the public address; screenshots at 1366 px', async () => {
    const page = await onPhone('/autovalutazione')
    await page.getByLabel("Comune della sede dell'impresa").fill('Berg')
    await page.getByRole('option', { name: /Bergamo \(BG\)/ }).first().click()
    await checkA11y(page)
    await page.screenshot({ path: `${SHOTS}/national-390.png`, fullPage: true })
    const wide = await onPhone(`/pubblico/camere/${staff.chamberId}/autovalutazione`, 1366)
    await wide.getByRole('heading', { level: 1, name: 'Autovalutazione digitale gratuita' }).waitFor()
    await wide.screenshot({ path: `${SHOTS}/start-1366.png`, fullPage: true })
    const desk = await openAs(browser, 'coordinatore@pid.example')
    await desk.goto(`${baseUrl}/autovalutazioni`)
    const link = desk.getByTestId('public-page-url')
    await link.waitFor()
    expect(await link.innerText()).toContain(`/pubblico/camere/${staff.chamberId}/autovalutazione`)
    await checkA11y(desk)
    await desk.screenshot({ path: `${SHOTS}/staff-1366.png` })
  })
})
