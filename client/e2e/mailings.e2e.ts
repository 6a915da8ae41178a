import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { apiLogin, type ApiSession } from './api.ts'
import { baseUrl, checkA11y, launchBrowser, nav, openAs } from './browser.ts'

/**
 * Mailings: a coordinator writes a mailing to a segment, previews it and sends it; the held
 * message is read through the staff's outbox reader, its unsubscribe link opened on a phone and
 * confirmed, and the person's newsletter consent shows withdrawn on the firm's page.
 */
let browser: Browser
let staff: Page
let session: ApiSession
const subject = `Novità e2e ${Date.now() % 1_000_000}`
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 })

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await page.screenshot({ path: `/tmp/shots-mailings/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

beforeAll(async () => {
  browser = await launchBrowser()
  session = await apiLogin('coordinatore@pid.example')
  staff = await openAs(browser, 'coordinatore@pid.example')
  staff.on('dialog', (d) => { void d.accept() })
})
afterAll(async () => { await browser?.close() })

async function heldMail(): Promise<{ to: string; text: string } | undefined> {
  const res = await fetch(`${baseUrl}/api/v1/chambers/${session.chamberId}/mail?limit=200`, { headers: { authorization: `Bearer ${session.token}` } })
  const mails = (await res.json()) as { items: { to: string; subject: string; text: string }[] }
  return mails.items.find((m) => m.subject === subject && m.to === 'contatto0@impresa.example')
}

describe('mailings', () => {
  it('a coordinator mails a segment and an unsubscribe link withdraws the consent', async () => {
    await nav(staff).getByRole('link', { name: 'Mailing' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Mailing' }).waitFor()
    await expect.poll(() => staff.getByRole('link', { name: /Voucher digitali 2025/ }).count()).toBeGreaterThan(0)
    await checkA11y(staff)
    await shoot(staff, 'list')

    await staff.getByRole('button', { name: 'Nuovo mailing' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Nuovo mailing' }).waitFor()
    await staff.getByRole('combobox', { name: 'Segmento' }).click()
    await staff.getByRole('option', { name: 'Tutte le imprese di Milano' }).click()
    await staff.getByLabel('Oggetto').fill(subject)
    await staff.getByLabel('Testo').fill('Gentile ')
    await staff.getByRole('button', { name: 'Inserisci persona.nome', exact: true }).click()
    await staff.getByLabel('Testo').press('End')
    await staff.getByLabel('Testo').pressSequentially(',\n\necco le novità per ')
    await staff.getByRole('button', { name: 'Inserisci impresa.nome', exact: true }).click()
    await checkA11y(staff)
    await staff.getByRole('button', { name: 'Salva bozza' }).click()
    await staff.getByRole('heading', { level: 1, name: subject }).waitFor()
    await poll(() => staff.getByTestId('preview').textContent()).toMatch(/Gentile \S+,/)
    await expect(await staff.getByTestId('audience').textContent()).toMatch(/Destinatari ora: \d+/)
    await checkA11y(staff)
    await shoot(staff, 'draft')

    await staff.getByRole('button', { name: 'Invia ora' }).click()
    await staff.getByText('Programmato').first().waitFor()
    const mail = await poll(heldMail).toBeTruthy().then(heldMail)
    expect(mail!.text).toMatch(/Per non riceverli più: .*\/disiscrizione\?token=[A-Za-z0-9_-]{43}/)
    await staff.reload()
    await poll(() => staff.getByTestId('fig-sent').textContent()).not.toMatch(/\b0$/)
    await checkA11y(staff)
    await shoot(staff, 'sent')

    const path = /\/disiscrizione\?token=[A-Za-z0-9_-]{43}/.exec(mail!.text)![0]
    const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const phone = await context.newPage()
    await phone.goto(`${baseUrl}${path}`)
    await phone.getByText(/Non vuoi più ricevere la newsletter della Camera di commercio di Milano/).waitFor()
    await checkA11y(phone)
    await phone.screenshot({ path: '/tmp/shots-mailings/unsubscribe-390.png', fullPage: true })
    await phone.getByRole('button', { name: 'Conferma la disiscrizione' }).click()
    await phone.getByTestId('unsubscribed').waitFor()
    await checkA11y(phone)

    // The firm's page: the person's newsletter consent is withdrawn.
    const firms = await (await fetch(`${baseUrl}/api/v1/chambers/${session.chamberId}/mailings?limit=5`, { headers: { authorization: `Bearer ${session.token}` } })).json() as { items: { id: number; subject: string }[] }
    const id = firms.items.find((m) => m.subject === subject)!.id
    const rec = await (await fetch(`${baseUrl}/api/v1/chambers/${session.chamberId}/mailings/${id}/recipients?limit=200`, { headers: { authorization: `Bearer ${session.token}` } })).json() as { items: { email: string; firm: { id: number } }[] }
    const firmId = rec.items.find((r) => r.email === 'contatto0@impresa.example')!.firm.id
    await staff.goto(`${baseUrl}/imprese/${firmId}`)
    await staff.getByRole('tab', { name: 'Contatti' }).click()
    await staff.getByText(/Revocato (il |l')/).first().waitFor()
    await shoot(staff, 'firm-consent')
    await checkA11y(staff)
  })
})
