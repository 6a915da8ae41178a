import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { apiLogin, nextVat, type ApiSession } from './api.ts'
import { baseUrl, checkA11y, launchBrowser, nav, openAs } from './browser.ts'

/**
 * Events: the coordinator writes and publishes an event with one place and a partner picked by name; a person registers from the
 * public page on a phone and takes it; the next lands on the waitlist; the first cancels from their
 * personal page (the mail's link) and the waitlisted person is offered the place, as the staff's
 * registrations list and the person's own page show.
 */
let browser: Browser
let staff: Page
let session: ApiSession
let eventId = 0
const title = `Workshop e2e ${Date.now() % 1_000_000}`
/** The demo's partner organisation with an agreement in force with Milano. */
const partnerName = 'Confartigianato Imprese Milano'
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })

function romeLocal(d: Date): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

async function onPhone(path: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('dialog', (d) => { void d.accept() })
  await page.goto(`${baseUrl}${path}`)
  return page
}

/** The personal link the confirmation mail carried to this address (through the staff's outbox reader). */
async function personalPath(email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/chambers/${session.chamberId}/mail?limit=200`, { headers: { authorization: `Bearer ${session.token}` } })
  const mails = (await res.json()) as { items: { to: string; text: string }[] }
  const mail = mails.items.find((m) => m.to === email)
  if (!mail) throw new Error(`no mail to ${email}`)
  return /\/pubblico\/iscrizioni\/[A-Za-z0-9_-]+/.exec(mail.text)![0]
}

async function register(first: string, email: string): Promise<Page> {
  const page = await onPhone(`/pubblico/eventi/${eventId}`)
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await checkA11y(page)
  // Nothing spills sideways on a 390 px phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.getByLabel("Codice fiscale o partita IVA dell'impresa").fill(nextVat())
  await page.getByLabel('Ragione sociale').fill(`Bottega ${first} S.r.l.`)
  await page.getByLabel('Nome', { exact: true }).fill(first)
  await page.getByLabel('Cognome').fill('Rossi')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel(/Ho letto l'informativa/).check()
  await page.getByLabel(/Acconsento a essere contattato/).check()
  await page.getByRole('button', { name: 'Iscriviti' }).click()
  await page.getByTestId('registration-outcome').waitFor()
  await checkA11y(page)
  return page
}

beforeAll(async () => {
  browser = await launchBrowser()
  session = await apiLogin('coordinatore@pid.example')
  staff = await openAs(browser, 'coordinatore@pid.example')
})
afterAll(async () => { await browser?.close() })

describe('events: publish, register on a phone, waitlist, cancel and offer', () => {
  it('the coordinator writes an event with one place and publishes it', async () => {
    await nav(staff).getByRole('link', { name: 'Eventi', exact: true }).click()
    await staff.getByRole('heading', { level: 1, name: 'Eventi' }).waitFor()
    await checkA11y(staff)
    await staff.getByTestId('new-event').click()
    await staff.getByRole('heading', { level: 1, name: 'Nuovo evento' }).waitFor()
    await staff.getByLabel('Tipo').selectOption('workshop')
    await staff.getByLabel('Titolo').fill(title)
    await staff.getByLabel('Sintesi').fill('Prove pratiche di vendita online')
    const starts = new Date(Date.now() + 10 * 86_400_000)
    await staff.getByLabel('Inizio (ora di Roma)').fill(romeLocal(starts))
    await staff.getByLabel('Fine (ora di Roma)').fill(romeLocal(new Date(starts.getTime() + 2 * 3600_000)))
    await staff.getByLabel('Luogo').fill('Experience centre PID')
    await staff.getByLabel('Posti').fill('1')
    await staff.getByLabel('Commercio elettronico').check()
    // The organising partner is picked by name among the chamber's (the demo's has an agreement with Milano).
    await staff.getByTestId('event-partners').click()
    await staff.getByRole('option', { name: partnerName }).click()
    await staff.keyboard.press('Escape')
    await poll(() => staff.getByTestId('event-partners').innerText()).toContain(partnerName)
    await checkA11y(staff)
    await staff.getByTestId('save-event').click()
    await staff.waitForURL(/\/eventi\/\d+$/)
    eventId = Number(/\/eventi\/(\d+)$/.exec(staff.url())![1])
    await poll(() => staff.getByTestId('event-status').innerText()).toBe('Bozza')
    await staff.getByText(`Partner: ${partnerName}`).waitFor()
    await staff.getByTestId('publish-event').click()
    await poll(() => staff.getByTestId('event-status').innerText()).toBe('Pubblicato')
    await checkA11y(staff)
  })

  it('the first registers from the public page on a phone; the next lands on the waitlist', async () => {
    const first = await register('Giulia', `giulia.${eventId}@example.it`)
    await poll(() => first.getByTestId('registration-outcome').innerText()).toContain('Iscrizione confermata')
    const second = await register('Marco', `marco.${eventId}@example.it`)
    await poll(() => second.getByTestId('registration-outcome').innerText()).toContain("lista d'attesa (posizione 1)")
  })

  it('the first cancels from the personal page; the waitlisted is offered the place', async () => {
    const giulia = await onPhone(await personalPath(`giulia.${eventId}@example.it`))
    await giulia.getByRole('img', { name: 'Codice QR della sua iscrizione' }).waitFor()
    await poll(() => giulia.getByTestId('personal-status').innerText()).toBe('Confermata')
    await checkA11y(giulia)
    await giulia.getByTestId('cancel-registration').click()
    await poll(() => giulia.getByTestId('personal-status').innerText()).toBe('Annullata')

    const marco = await onPhone(await personalPath(`marco.${eventId}@example.it`))
    await poll(() => marco.getByTestId('personal-status').innerText()).toBe('Posto offerto')
    await marco.getByTestId('offer').waitFor()
    await checkA11y(marco)

    await staff.reload()
    const row = staff.getByTestId('registrations-table').getByRole('row').filter({ hasText: `marco.${eventId}@example.it` })
    await poll(() => row.innerText()).toContain('Posto offerto')
    await checkA11y(staff)

    await marco.getByTestId('confirm-offer').click()
    await poll(() => marco.getByTestId('personal-status').innerText()).toBe('Confermata')
  })
})
